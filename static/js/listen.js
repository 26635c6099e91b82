/* "Listen to this answer": a Q&A or drug page read aloud by the browser's own
   speech (the Web Speech API), one sentence at a time. Chrome stops a long
   utterance after about 15 seconds, and a sentence at a time lets the reader
   pause, go back or skip, and see (highlighted, kept in view) what is being
   read. The control is added by this script only where the browser can speak:
   without speech or JavaScript there is nothing to press and nothing breaks.
   Voices on the reader's own device are used first; where only an online
   voice exists, the reader is told that the text would go to the browser
   maker's service and chooses. Its words are the page's, in the page's
   language (#listen-words, in base.html). */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var words = document.getElementById("listen-words");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !words) {
    return;
  }
  // One of the words, its {placeholders} filled in.
  function say(name, values) {
    return (words.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return values && key in values ? String(values[key]) : whole;
    });
  }
  // What each kind of page reads, in order: its title, then its parts.
  var PAGES = [
    {
      root: "article.qa",
      label: "answer",
      parts: "header h1, .in-short, .qa-question, .qa-answer > h2, .qa-answer .answer-body, .qa-answer .signature"
    },
    {
      root: "article.drug",
      label: "page",
      parts: "header h1, .boxed-warning, .drug-section:not([aria-labelledby='questions']):not([aria-labelledby='references'])"
    }
  ];
  var BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, .signature-line";
  var SKIPPED = "[popover], [hidden], button, script, style, .listen";
  var RATES = [0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75];

  var page = null;
  var article = null;
  PAGES.some(function (candidate) {
    article = document.querySelector(candidate.root);
    page = article ? candidate : null;
    return Boolean(article);
  });
  if (!article) {
    return;
  }
  var lang = document.documentElement.lang || "en";
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(lang, {granularity: "sentence"}) : null;
  var highlights = window.CSS && CSS.highlights && typeof window.Highlight === "function";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // The text of a block, without what is hidden or is a control, and where
  // each character came from (for highlighting a sentence as a range).
  function textOf(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var text = "";
    var pieces = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      pieces.push({node: node, start: text.length});
      text += node.nodeValue;
    }
    return {text: text, pieces: pieces};
  }

  function position(pieces, offset) {
    for (var i = pieces.length - 1; i >= 0; i -= 1) {
      if (pieces[i].start <= offset) {
        return {node: pieces[i].node, offset: Math.min(offset - pieces[i].start, pieces[i].node.nodeValue.length)};
      }
    }
    return null;
  }

  function split(text) {
    if (segmenter) {
      return Array.from(segmenter.segment(text), function (part) {
        return {start: part.index, text: part.segment};
      });
    }
    var found = [];
    var pattern = /[^.!?]+[.!?]*\s*/g;
    for (var match = pattern.exec(text); match; match = pattern.exec(text)) {
      found.push({start: match.index, text: match[0]});
    }
    return found;
  }

  function sentences() {
    var found = [];
    article.querySelectorAll(page.parts).forEach(function (part) {
      var blocks = part.matches(BLOCKS) ? [part] : Array.from(part.querySelectorAll(BLOCKS));
      blocks.filter(function (block) {
        return !block.querySelector(BLOCKS) && !block.closest(SKIPPED);
      }).forEach(function (block) {
        var read = textOf(block);
        split(read.text).forEach(function (sentence) {
          var spoken = sentence.text.replace(/\s+/g, " ").trim();
          if (spoken) {
            found.push({text: spoken, block: block, pieces: read.pieces, start: sentence.start, end: sentence.start + sentence.text.length});
          }
        });
      });
    });
    return found;
  }

  function button(text, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-outline-primary";
    element.textContent = text;
    element.addEventListener("click", action);
    return element;
  }

  // The control, under the page's title.
  var box = document.createElement("div");
  box.className = "listen";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", say("group"));
  var start = button(say(page.label), function () { begin(); });
  start.classList.replace("btn-outline-primary", "btn-primary");
  var controls = document.createElement("div");
  controls.className = "listen-controls";
  controls.hidden = true;
  var pause = button(say("pause"), function () { togglePause(); });
  var back = button(say("previous"), function () { go(index - 1); });
  var next = button(say("next"), function () { go(index + 1); });
  var slower = button(say("slower"), function () { pace(-1); });
  var faster = button(say("faster"), function () { pace(1); });
  var stop = button(say("stop"), function () { finish(); });
  [pause, back, next, slower, faster, stop].forEach(function (element) { controls.appendChild(element); });
  var ask = document.createElement("div");
  ask.className = "listen-ask";
  ask.hidden = true;
  var askText = document.createElement("p");
  ask.appendChild(askText);
  ask.appendChild(button(say("online-yes"), function () { ask.hidden = true; online = true; play(0); }));
  ask.appendChild(button(say("online-no"), function () { ask.hidden = true; start.hidden = false; start.focus(); }));
  // Where the reading is: shown, not announced, so that a screen reader is
  // not talked over while the page is read aloud.
  var progress = document.createElement("p");
  progress.className = "listen-progress";
  // Pauses and speeds, announced.
  var status = document.createElement("p");
  status.className = "listen-status";
  status.setAttribute("role", "status");
  box.appendChild(start);
  box.appendChild(ask);
  box.appendChild(controls);
  box.appendChild(progress);
  box.appendChild(status);
  var title = article.querySelector("h1");
  (title.closest("header") || title).insertAdjacentElement("afterend", box);

  var list = [];
  var index = 0;
  var rate = RATES.indexOf(1);
  var playing = false;
  var paused = false;
  var online = false;
  var voice = null;
  // Each utterance carries the turn it belongs to: cancelling one fires its
  // "end", which must not move the reading on.
  var turn = 0;

  function chooseVoice() {
    var base = lang.toLowerCase().split("-")[0];
    var voices = synth.getVoices().filter(function (candidate) {
      return candidate.lang.toLowerCase().split(/[-_]/)[0] === base;
    });
    var local = voices.filter(function (candidate) { return candidate.localService; });
    return {voice: local[0] || voices[0] || null, online: !local.length && voices.length > 0};
  }

  function begin() {
    list = sentences();
    if (!list.length) {
      return;
    }
    var chosen = chooseVoice();
    voice = chosen.voice;
    start.hidden = true;
    if (chosen.online && !online) {
      askText.textContent = say("online-question", {voice: voice.name});
      ask.hidden = false;
      ask.querySelector("button").focus();
      return;
    }
    play(0);
  }

  function play(at) {
    controls.hidden = false;
    box.classList.add("is-reading");
    playing = true;
    paused = false;
    pause.textContent = say("pause");
    speak(at);
  }

  function speak(at) {
    index = Math.max(0, Math.min(at, list.length - 1));
    turn += 1;
    var mine = turn;
    var sentence = list[index];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = lang;
    utterance.rate = RATES[rate];
    if (voice) {
      utterance.voice = voice;
    }
    utterance.onerror = function (event) {
      // Cancelling (to pause, skip or stop) interrupts on purpose; anything else is a failure.
      if (mine === turn && event.error !== "interrupted" && event.error !== "canceled") {
        finish();
        status.textContent = say("failed");
      }
    };
    utterance.onend = function () {
      if (mine !== turn || !playing || paused) {
        return;
      }
      if (index + 1 < list.length) {
        speak(index + 1);
      } else {
        finish();
      }
    };
    show(sentence);
    progress.textContent = say("reading", {number: index + 1, total: list.length});
    status.textContent = "";
    synth.cancel();
    synth.speak(utterance);
  }

  function show(sentence) {
    clear();
    sentence.block.classList.add("listen-current");
    if (highlights) {
      var from = position(sentence.pieces, sentence.start);
      var to = position(sentence.pieces, sentence.end);
      if (from && to) {
        var range = document.createRange();
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        CSS.highlights.set("listen-sentence", new Highlight(range));
      }
    }
    sentence.block.scrollIntoView({block: "nearest", behavior: reduceMotion.matches ? "auto" : "smooth"});
  }

  function clear() {
    article.querySelectorAll(".listen-current").forEach(function (block) { block.classList.remove("listen-current"); });
    if (highlights) {
      CSS.highlights.delete("listen-sentence");
    }
  }

  function togglePause() {
    if (paused) {
      paused = false;
      pause.textContent = say("pause");
      speak(index);  // the sentence again from its start: pausing mid-way is unreliable across browsers
    } else {
      paused = true;
      turn += 1;
      synth.cancel();
      pause.textContent = say("resume");
      status.textContent = say("paused", {number: index + 1, total: list.length});
    }
  }

  function go(at) {
    if (at < 0 || at >= list.length) {
      return;
    }
    paused = false;
    pause.textContent = say("pause");
    speak(at);
  }

  function pace(step) {
    rate = Math.max(0, Math.min(RATES.length - 1, rate + step));
    status.textContent = say("speed", {percent: Math.round(RATES[rate] * 100)});
    if (playing && !paused) {
      speak(index);
    }
  }

  function finish() {
    playing = false;
    paused = false;
    turn += 1;
    synth.cancel();
    clear();
    controls.hidden = true;
    box.classList.remove("is-reading");
    start.hidden = false;
    progress.textContent = "";
    status.textContent = "";
    start.focus();
  }

  window.addEventListener("pagehide", function () { synth.cancel(); });
}());
