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
            var audio = box.querySelector("a.captcha-audio");
            if (audio) { audio.href = audio.getAttribute("href").replace(/[^/]+\.wav$/, data.key + ".wav"); }
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
    if (flags && notice) {
      var rule = JSON.parse(flags.textContent);
      var pattern = new RegExp(rule.pattern, "i");
      var curly = new RegExp("[" + rule.apostrophes + "]", "g");
      var typed = form.querySelectorAll("[name=subject], [name=question]");
      var check = function () {
        var urgent = Array.prototype.some.call(typed, function (field) {
          return pattern.test(field.value.replace(curly, "'").replace(/\s+/g, " "));
        });
        if (notice.hidden === urgent) { notice.hidden = !urgent; }
      };
      Array.prototype.forEach.call(typed, function (field) { field.addEventListener("input", check); });
    }

    // Characters left, announced politely.
    var text = form.querySelector("textarea[maxlength]");
    if (text) {
      var counter = document.createElement("p");
      counter.className = "form-text char-count";
      counter.setAttribute("aria-live", "polite");
      text.insertAdjacentElement("afterend", counter);
      var max = parseInt(text.getAttribute("maxlength"), 10);
      var update = function () { counter.textContent = (max - text.value.length) + " characters left"; };
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
