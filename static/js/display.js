/* The form of the display settings page (/display/): each choice is applied
   at once and kept in this browser (display-apply.js reads it on every page).
   Without JavaScript the form stays hidden and the page explains the
   browser's and the system's own settings, which the site follows. */
(function () {
  "use strict";
  var display = window.mscenterDisplay;
  var form = document.getElementById("display-form");
  if (!display || !form) {
    return;
  }
  var status = document.getElementById("display-status");
  var unsaved = document.getElementById("display-unsaved");

  function show(saved) {
    Object.keys(display.choices).forEach(function (name) {
      var value = saved[name] || display.choices[name][0];
      var input = form.querySelector("input[name='" + name + "'][value='" + value + "']");
      if (input) {
        input.checked = true;
      }
    });
  }

  function chosen() {
    var saved = {};
    Object.keys(display.choices).forEach(function (name) {
      var input = form.querySelector("input[name='" + name + "']:checked");
      if (input && input.value !== display.choices[name][0]) {
        saved[name] = input.value;
      }
    });
    // "The site's own colours" chosen on purpose overrides the system's dark or contrast mode.
    var contrast = form.querySelector("input[name='contrast']:checked");
    if (contrast && contrast.value === "site" && form.getAttribute("data-contrast-touched")) {
      saved.contrast = "site";
    }
    return saved;
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "contrast") {
      form.setAttribute("data-contrast-touched", "1");
    }
    var saved = chosen();
    display.apply(saved);
    var kept = display.save(saved);
    unsaved.hidden = kept;
    status.textContent = kept ? status.getAttribute("data-saved") : "";
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();  // nothing is sent: the choices are already applied
  });

  document.getElementById("display-reset").addEventListener("click", function () {
    display.reset();
    form.removeAttribute("data-contrast-touched");
    show({});
    unsaved.hidden = true;
    status.textContent = status.getAttribute("data-reset");
  });

  show(display.read());
  form.hidden = false;
  document.getElementById("display-no-script").hidden = true;
}());
