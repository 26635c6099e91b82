// Similar published answers while the patient types the subject and question
// on /ask/ (progressive enhancement: without JavaScript the "Check for answers
// first" button shows the same list). The text goes by POST, never in an
// address; the server neither stores nor logs it.
(function () {
  "use strict";
  var region = document.getElementById("similar-answers");
  var form = document.querySelector("form.ask-form");
  if (!region || !form || !window.fetch) { return; }
  var subject = form.querySelector("[name=subject]");
  var question = form.querySelector("[name=question]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  if (!subject || !question || !csrf) { return; }
  // Right under the question box, after its count and emergency line (static/js/ask.js
  // puts them there first): seen where the patient is looking, and below the caret,
  // so a list that arrives never pushes the box down the page. Without JavaScript it
  // stays under the "Check for answers first" button.
  var after = question;
  while (after.nextElementSibling && after.nextElementSibling.matches(
    ".char-count, .char-count-spoken, .urgent-near-live")) {
    after = after.nextElementSibling;
  }
  after.insertAdjacentElement("afterend", region);
  var timer = null;
  var lastSent = "";
  var WAIT_MS = 700;

  function look() {
    var text = subject.value + "\n" + question.value;
    if (text.trim().length < 12 || text === lastSent) { return; }
    lastSent = text;
    // URL-encoded, as a form posts: three short fields need no multipart parsing.
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrf.value);
    body.append("subject", subject.value);
    body.append("question", question.value);
    fetch(region.getAttribute("data-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null && text === lastSent) { region.innerHTML = html; }
    }).catch(function () { /* the button still works */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(look, WAIT_MS);
  }
  subject.addEventListener("input", later);
  question.addEventListener("input", later);
}());
