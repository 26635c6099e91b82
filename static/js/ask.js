// Progressive enhancement for the question form; the form works without it.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.querySelector("form.ask-form, form.reply-form");
    if (!form) { return; }

    // Move focus to the summary of problems so screen readers announce it.
    var problem = document.getElementById("form-problem");
    if (problem) { problem.focus(); }

    // A new sum without reloading the page.
    var box = form.querySelector(".captcha-box");
    var refresh = box && box.querySelector(".captcha-refresh");
    if (refresh && window.fetch) {
      refresh.addEventListener("click", function (event) {
        event.preventDefault();
        fetch(box.getAttribute("data-refresh-url"), { headers: { "X-Requested-With": "XMLHttpRequest" } })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            box.querySelector("img.captcha-image").src = data.image_url;
            box.querySelector("input[type=hidden]").value = data.key;
            var audio = box.querySelector("audio.captcha-audio");
            if (audio) {
              var spoken = audio.getAttribute("src").replace(/[^/]+\.wav$/, data.key + ".wav");
              audio.pause();
              audio.setAttribute("src", spoken);
              var fallback = audio.querySelector("a");
              if (fallback) { fallback.href = spoken; }
            }
            var answer = box.querySelector("input.captcha-answer:not([type=hidden])");
            answer.value = "";
            answer.focus();
          })
          .catch(function () { form.requestSubmit(refresh); });
      });
    }

    // The emergency notice as the patient types, by the server's own rule (questions/urgency.py).
    var flags = document.getElementById("red-flags");
    var notice = document.querySelector(".urgent-live .urgent-notice");
    var near = form.querySelector(".urgent-near");
    var text = form.querySelector("textarea[maxlength]");
    // Right under the question box (and its count), not below its help text.
    if (near && text) { text.insertAdjacentElement("afterend", near.parentNode); }
    if (flags && notice) {
      var rule = JSON.parse(flags.textContent);
      var pattern = new RegExp(rule.pattern, "i");
      var curly = new RegExp("[" + rule.apostrophes + "]", "g");
      var typed = form.querySelectorAll("[name=subject], [name=question]");
      var check = function () {
        var urgent = Array.prototype.some.call(typed, function (field) {
          // As questions/urgency.py: accents off, curly apostrophes straight.
          var unaccented = field.value.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
          return pattern.test(unaccented.replace(curly, "'").replace(/\s+/g, " "));
        });
        if (notice.hidden === urgent) { notice.hidden = !urgent; }
        if (near && near.hidden === urgent) { near.hidden = !urgent; }
      };
      Array.prototype.forEach.call(typed, function (field) { field.addEventListener("input", check); });
    }

    // Characters left: always shown, but announced only near the limit (under 200,
    // 100 and 50 left, and at none); on every keystroke it would drown the typing.
    if (text) {
      var counter = document.createElement("p");
      counter.className = "form-text char-count";
      var spoken = document.createElement("p");
      spoken.className = "visually-hidden char-count-spoken";
      spoken.setAttribute("aria-live", "polite");
      text.insertAdjacentElement("afterend", counter);
      counter.insertAdjacentElement("afterend", spoken);
      var max = parseInt(text.getAttribute("maxlength"), 10);
      var step = function (left) {
        if (left <= 0) { return 0; }
        if (left < 50) { return 50; }
        if (left < 100) { return 100; }
        if (left < 200) { return 200; }
        return null;
      };
      // The words come from the page, in its language; "{count}" stands for the number.
      var charsLeft = function (left) {
        if (left === 1) {
          return form.getAttribute("data-one-char-left") || "";
        }
        return (form.getAttribute("data-chars-left") || "").replace("{count}", left);
      };
      var noneLeft = form.getAttribute("data-no-chars-left") || "";
      var said = null;
      var update = function () {
        var left = max - text.value.length;
        counter.textContent = charsLeft(left);
        var now = step(left);
        if (now !== said) {
          said = now;
          spoken.textContent = now === null ? "" : (left <= 0 ? noneLeft : charsLeft(left));
        }
      };
      text.addEventListener("input", update);
      update();
    }

    // One question per click: a second click while sending does nothing.
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "new_captcha") { return; }
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      if (submitter) { submitter.setAttribute("aria-disabled", "true"); }
    });
  });
})();
