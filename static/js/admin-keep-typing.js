/* What a staff member typed in an admin form survives the end of their session.
 *
 * A session ends after SESSION_COOKIE_AGE seconds without a request. A form
 * sent after that reaches the login page, not the server's save, and what was
 * typed into it (an answer written over an afternoon) was lost. Hand-written:
 * Django's admin has no such thing, and no library does it for a form that
 * the server renders.
 *
 * On sending a form, its text fields are kept in this tab's sessionStorage
 * (which the browser empties when the tab closes; nothing leaves the browser),
 * with the value each field had when the page was loaded and who sent it.
 * The next admin page either is the login page, which marks them as stranded
 * and says so, or any other page, which forgets them: the server had them.
 * Back on the same form after signing in again, as the same person, a field
 * is put back only where the page still shows what it showed when they typed;
 * where someone saved since, their text is shown beside the field to copy,
 * never written over the newer one. Signing out, or another person signing in
 * in the tab, forgets everything kept. A field marked data-keep-typing="off"
 * (a patient's own words, before a moderator rewrites them) is never kept.
 */
(function () {
  "use strict";

  var PREFIX = "admin-kept-typing:";
  var TEXT_TYPES = /^(text|email|url|number|date|time|search|tel)$/;
  var KEPT_AT_MOST_MS = 12 * 60 * 60 * 1000;

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
      if (field.getAttribute("data-keep-typing") === "off") {
        return false;
      }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") {
        return !field.multiple;
      }
      return field.tagName === "INPUT" && TEXT_TYPES.test(field.type);
    });
  }

  // What the field showed when the page was loaded.
  function loadedValue(field) {
    if (field.tagName !== "SELECT") {
      return field.defaultValue;
    }
    for (var i = 0; i < field.options.length; i += 1) {
      if (field.options[i].defaultSelected) {
        return field.options[i].value;
      }
    }
    return field.options.length ? field.options[0].value : "";
  }

  function keys(storage) {
    var found = [];
    for (var i = 0; i < storage.length; i += 1) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        found.push(key);
      }
    }
    return found;
  }

  function read(storage, key) {
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  // The signed-in person, from the page (templates/admin/base_site.html).
  function signedIn() {
    var meta = document.querySelector("meta[name='admin-user']");
    return meta ? meta.getAttribute("content") : "";
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

  // Their text beside a field someone else saved since: to copy, not sent.
  function besideField(field, text) {
    var box = document.createElement("div");
    box.className = "kept-typing";
    var label = document.createElement("label");
    var area = document.createElement("textarea");
    area.id = field.id ? field.id + "-kept" : "";
    label.textContent = "What you typed here before your session ended (not saved):";
    if (area.id) {
      label.htmlFor = area.id;
    }
    area.readOnly = true;
    area.rows = 4;
    area.className = "vLargeTextField";
    area.value = text;
    box.appendChild(label);
    box.appendChild(area);
    field.parentNode.insertBefore(box, field.nextSibling);
  }

  function onLoginPage(storage, login) {
    var stranded = 0;
    keys(storage).forEach(function (key) {
      var kept = read(storage, key);
      if (kept && (kept.state === "sent" || kept.state === "stranded")) {
        kept.state = "stranded";
        storage.setItem(key, JSON.stringify(kept));
        stranded += 1;
      }
    });
    if (stranded) {
      note(
        login,
        "Your session ended before your changes were saved. What you typed is kept in this " +
          "tab: sign in again and it is put back in the form, to check and save."
      );
    }
  }

  function putBack(form, kept) {
    var restored = 0;
    var beside = 0;
    keptFields(form).forEach(function (field) {
      var typed = kept.values[field.name];
      if (typeof typed !== "string" || typed === field.value) {
        return;
      }
      if (field.value === kept.loaded[field.name]) {
        field.value = typed;
        restored += 1;
      } else if (field.tagName === "TEXTAREA" || field.tagName === "INPUT") {
        besideField(field, typed);
        beside += 1;
      }
    });
    if (beside) {
      note(
        form,
        "Someone saved this page after your session ended, so what you typed was not put " +
          "over their changes: it is shown under each box it was typed in, to copy what you need."
      );
    }
    if (restored) {
      note(
        form,
        "What you typed before your session ended is back in the form. It is not saved " +
          "yet: check it, then save."
      );
    }
  }

  function onForm(storage, form, who) {
    var key = PREFIX + window.location.pathname;
    var kept = read(storage, key);
    storage.removeItem(key);
    if (
      kept &&
      kept.state === "stranded" &&
      kept.who === who &&
      Date.now() - kept.at < KEPT_AT_MOST_MS &&
      kept.values &&
      kept.loaded
    ) {
      putBack(form, kept);
    }
    form.addEventListener("submit", function () {
      var values = {};
      var loaded = {};
      keptFields(form).forEach(function (field) {
        values[field.name] = field.value;
        loaded[field.name] = loadedValue(field);
      });
      try {
        storage.setItem(
          key,
          JSON.stringify({ state: "sent", who: who, at: Date.now(), values: values, loaded: loaded })
        );
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
  var who = signedIn();
  // The admin's add and change forms are the ones named "<model>_form".
  var form = who ? document.querySelector("#content-main form[id$='_form'][method='post']") : null;
  // A form sent and answered by the server: it has it. Signed out, or someone
  // else signed in in this tab: nothing of theirs is kept. Only a stranded
  // form waits, for its own page and the person who typed it.
  keys(storage).forEach(function (key) {
    var kept = read(storage, key);
    if (!(who && kept && kept.state === "stranded" && kept.who === who)) {
      storage.removeItem(key);
    }
  });
  if (form) {
    onForm(storage, form, who);
  }
})();
