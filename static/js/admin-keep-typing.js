/* What a staff member typed in an admin form survives the end of their session.
 *
 * A session ends after SESSION_COOKIE_AGE seconds without a request. A form
 * sent after that reaches the login page, not the server's save, and what was
 * typed into it (an answer written over an afternoon) was lost. Hand-written:
 * Django's admin has no such thing, and no library does it for a form that
 * the server renders.
 *
 * On sending a form, its text fields are kept in this tab's sessionStorage
 * (which the browser empties when the tab closes; nothing leaves the browser).
 * The next admin page either is the login page, which marks them as stranded
 * and says so, or any other page, which forgets them: the server had them.
 * Back on the same form after signing in, stranded values that differ from
 * the page are put back, and a note at the top says so.
 */
(function () {
  "use strict";

  var PREFIX = "admin-kept-typing:";
  var TEXT_TYPES = /^(text|email|url|number|date|time|search|tel)$/;

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage refused (a private window's settings): nothing kept
    }
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.readOnly) {
        return false;
      }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") {
        return !field.multiple;
      }
      return field.tagName === "INPUT" && TEXT_TYPES.test(field.type);
    });
  }

  function read(storage, key) {
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  // As the admin's own messages look, in a status region of its own.
  function note(before, text) {
    var region = document.createElement("div");
    region.setAttribute("role", "status");
    var list = document.createElement("ul");
    list.className = "messagelist";
    var item = document.createElement("li");
    item.className = "warning";
    item.textContent = text;
    list.appendChild(item);
    region.appendChild(list);
    before.parentNode.insertBefore(region, before);
  }

  function onLoginPage(storage, login) {
    var stranded = 0;
    for (var i = 0; i < storage.length; i += 1) {
      var key = storage.key(i);
      var kept = key && key.indexOf(PREFIX) === 0 ? read(storage, key) : null;
      if (kept && (kept.state === "sent" || kept.state === "stranded")) {
        kept.state = "stranded";
        storage.setItem(key, JSON.stringify(kept));
        stranded += 1;
      }
    }
    if (stranded) {
      note(
        login,
        "Your session ended before your changes were saved. What you typed is kept in this " +
          "tab: sign in again and it is put back in the form, to check and save."
      );
    }
  }

  function onForm(storage, form) {
    var key = PREFIX + window.location.pathname;
    var kept = read(storage, key);
    storage.removeItem(key);
    if (kept && kept.state === "stranded" && kept.values) {
      var restored = 0;
      keptFields(form).forEach(function (field) {
        var value = kept.values[field.name];
        if (typeof value === "string" && value !== field.value) {
          field.value = value;
          restored += 1;
        }
      });
      if (restored) {
        note(
          form,
          "What you typed before your session ended is back in the form. It is not saved " +
            "yet: check it, then save."
        );
      }
    }
    form.addEventListener("submit", function () {
      var values = {};
      keptFields(form).forEach(function (field) {
        values[field.name] = field.value;
      });
      try {
        storage.setItem(key, JSON.stringify({ state: "sent", values: values }));
      } catch (error) {
        // Storage full or refused: the form is sent all the same.
      }
    });
  }

  var storage = store();
  if (!storage) {
    return;
  }
  var login = document.getElementById("login-form");
  if (login) {
    onLoginPage(storage, login);
    return;
  }
  // The admin's add and change forms are the ones named "<model>_form".
  var form = document.querySelector("#content-main form[id$='_form'][method='post']");
  // Any other admin page after a form was sent: the server had it, forget it.
  for (var i = storage.length - 1; i >= 0; i -= 1) {
    var key = storage.key(i);
    if (key && key.indexOf(PREFIX) === 0 && (!form || key !== PREFIX + window.location.pathname)) {
      var kept = read(storage, key);
      if (!kept || kept.state !== "stranded") {
        storage.removeItem(key);
      }
    }
  }
  if (form) {
    onForm(storage, form);
  }
})();
