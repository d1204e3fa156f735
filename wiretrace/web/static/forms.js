// Forms that take a while (a search of the index, a comparison) say so while the server works:
// the button is disabled and names what is happening, so a second click does not send it again.
(function () {
  "use strict";
  function busy(form) {
    var button = form.querySelector("button[type=submit]");
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.dataset.idle = button.textContent;
      button.textContent = form.dataset.busy;
      button.disabled = true;
    }
    var status = form.querySelector(".busy-status");
    if (status) { status.textContent = form.dataset.busy; }
  }
  function idle(form) {
    var button = form.querySelector("button[type=submit]");
    form.removeAttribute("aria-busy");
    if (button && button.dataset.idle) {
      button.textContent = button.dataset.idle;
      button.disabled = false;
    }
    var status = form.querySelector(".busy-status");
    if (status) { status.textContent = ""; }
  }
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () { busy(form); });
  });
  // back to a page kept in the browser's cache: its forms are usable again
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(idle);
  });
})();
