/* The reader's display choices (text size, spacing, contrast, font, column,
   motion), kept in this browser's localStorage by display.js and applied to
   <html> before the page is first painted: this file is loaded, not deferred,
   at the top of <head>. Nothing is sent anywhere, so every page stays the same
   for everyone and can be cached. */
(function () {
  "use strict";
  var KEY = "mscenter-display";
  var CHOICES = {
    size: ["100", "125", "150", "175", "200"],
    spacing: ["normal", "wide"],
    contrast: ["site", "high", "dark"],
    font: ["site", "plain"],
    width: ["full", "narrow"],
    motion: ["system", "reduce"]
  };
  var root = document.documentElement;
  var themed = false;

  function read() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {};  // storage refused (a private window) or a damaged value
    }
  }

  function apply(saved) {
    Object.keys(CHOICES).forEach(function (name) {
      var value = saved[name];
      if (typeof value === "string" && CHOICES[name].indexOf(value) !== -1) {
        root.setAttribute("data-" + name, value);
      } else {
        root.removeAttribute("data-" + name);
      }
    });
    // Bootstrap's components follow its dark theme, and the admin's its own
    // (data-theme, which its toggle sets when no choice is made here).
    var contrast = root.getAttribute("data-contrast");
    if (contrast === "dark") {
      root.setAttribute("data-bs-theme", "dark");
    } else {
      root.removeAttribute("data-bs-theme");
    }
    if (contrast) {
      root.setAttribute("data-theme", contrast === "dark" ? "dark" : "light");
      themed = true;
    } else if (themed) {
      root.removeAttribute("data-theme");
      themed = false;
    }
  }

  function save(saved) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(saved));
      return true;
    } catch (error) {
      return false;
    }
  }

  function reset() {
    try {
      window.localStorage.removeItem(KEY);
    } catch (error) {
      // nothing was kept
    }
    apply({});
  }

  apply(read());
  window.mscenterDisplay = {choices: CHOICES, read: read, apply: apply, save: save, reset: reset};
}());
