// The CM inbox: keyboard shortcuts (elements with data-key), the queue's rows (j/k, Space,
// bulk Ignore/Spam), polling for new complaints, the draft editor's live counter and preview
// (the server's one counter), the group confirmation's count, "pick another article".
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function csrfToken() {
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // --- The queue's rows ---------------------------------------------------------------
  var rows = Array.prototype.slice.call(document.querySelectorAll(".queue-row"));
  var current = 0;
  var selectedCount = document.querySelector(".selected-count");

  function updateSelected() {
    if (!selectedCount) { return; }
    selectedCount.textContent = document.querySelectorAll(".queue-row input[type=checkbox]:checked").length;
  }

  function moveTo(index, focus) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("current", i === current); });
    if (focus) { rows[current].querySelector(".row-link").focus(); }
  }

  rows.forEach(function (row, i) {
    row.addEventListener("focusin", function () { moveTo(i, false); });
    var box = row.querySelector("input[type=checkbox]");
    if (box) { box.addEventListener("change", updateSelected); }
  });
  if (rows.length) { moveTo(0, true); }

  function selectCurrentIfNone() {
    if (!rows.length || document.querySelector(".queue-row input[type=checkbox]:checked")) { return; }
    var box = rows[current].querySelector("input[type=checkbox]");
    if (box) { box.checked = true; updateSelected(); }
  }

  // --- Confirmations: <details> opened by a key, focus on their default button -----------
  document.querySelectorAll("details.confirm").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      if (rows.length) { selectCurrentIfNone(); }
      var target = details.querySelector("[data-autofocus]");
      if (target) { target.focus(); }
    });
  });

  // --- Keyboard shortcuts -------------------------------------------------------------
  var help = document.getElementById("keys-help");
  var textarea = document.querySelector("#reply-text");

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function activate(element) {
    if (element.tagName === "DETAILS") {
      element.open = !element.open;
      var focus = element.open ? element.querySelector("[data-autofocus]") : null;
      (focus || element.querySelector("summary")).focus();
      if (element.open && rows.length) { selectCurrentIfNone(); }
    } else if (!element.disabled) {
      element.click();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape") {
      if (typing(event.target)) { event.target.blur(); }
      document.querySelectorAll("details.confirm[open]").forEach(function (d) { d.open = false; });
      return;
    }
    if (typing(event.target)) { return; }
    var key = event.key;
    if (key === "?" && help) {
      event.preventDefault();
      help.showModal();
      return;
    }
    if (help && help.open) { return; }
    if (rows.length && (key === "j" || key === "k")) {
      event.preventDefault();
      moveTo(current + (key === "j" ? 1 : -1), true);
      return;
    }
    if (rows.length && key === " ") {
      var box = rows[current].querySelector("input[type=checkbox]");
      if (box) { event.preventDefault(); box.checked = !box.checked; updateSelected(); }
      return;
    }
    if (key === "e" && textarea) {
      event.preventDefault();
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      return;
    }
    if (key === "Enter" && event.target.closest("summary")) { return; }
    var target = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (target && !target.hidden) {
      event.preventDefault();
      activate(target);
    }
  });
  document.querySelectorAll(".keys-button").forEach(function (button) {
    button.addEventListener("click", function () { if (help) { help.showModal(); } });
  });

  // --- Polling: how many new complaints arrived since the page was loaded -------------------
  var meta = document.querySelector(".queue-meta");
  if (meta) {
    var arrivals = meta.querySelector(".new-arrivals");
    var poll = function () {
      fetch(meta.dataset.countUrl + "&since=" + encodeURIComponent(meta.dataset.since), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.new > 0) {
            arrivals.textContent = arrivals.dataset.label
              ? arrivals.dataset.label.replace("__N__", data.new)
              : data.new + " new — r";
            arrivals.hidden = false;
          }
        })
        .catch(function () { /* the next poll tries again */ });
    };
    setInterval(poll, 30000);
  }

  // --- The draft editor: live length (the server's counter) and preview ------------------
  function lengthCounter(form, onInput) {
    var area = form.querySelector("textarea");
    var counter = form.querySelector(".counter");
    var count = counter.querySelector(".count");
    var measure = debounce(function () {
      fetch(form.dataset.lengthUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ text: area.value }),
        credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (typeof data.length !== "number") { return; }
        count.textContent = data.length;
        counter.classList.toggle("too-long", !data.fits);
      });
    }, 250);
    area.addEventListener("input", function () {
      if (onInput) { onInput(area.value); }
      measure();
    });
  }

  var form = document.querySelector(".reply-form");
  if (form) {
    var preview = form.querySelector(".reply-preview");
    var send = form.querySelector('button[value="send"]');
    lengthCounter(form, function (value) {
      // Text, never HTML; Mastodon replies get the author's mention if the text lacks it.
      var mention = preview.dataset.mention;
      var text = value;
      if (mention && text.toLowerCase().indexOf(mention.toLowerCase()) === -1) {
        text = mention + " " + text;
      }
      preview.textContent = text;
      if (send) { send.disabled = !value.trim(); }
    });
  }

  var group = document.querySelector(".group-form");
  if (group) {
    lengthCounter(group);
    var confirm = group.querySelector("input[name=confirm]");
    var button = group.querySelector(".confirm-group button");
    var refresh = function () {
      var n = group.querySelectorAll("input[name=member]:checked").length;
      confirm.value = n;
      button.textContent = button.dataset.countLabel.replace("__N__", n);
      button.disabled = n === 0;
    };
    group.querySelectorAll("input[name=member]").forEach(function (box) {
      box.addEventListener("change", refresh);
    });
    var first = group.querySelector("[data-autofocus]");
    if (first) { first.focus(); }
  }

  // --- "Pick another article": search as you type -------------------------------------
  var picker = document.querySelector(".pick-article");
  if (picker) {
    var input = picker.querySelector("input[type=search]");
    var results = picker.querySelector(".article-results");
    var hidden = picker.querySelector("input[name=article]");
    var search = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { results.replaceChildren(); return; }
      fetch(picker.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          results.replaceChildren();
          data.results.forEach(function (article) {
            var li = document.createElement("li");
            var choice = document.createElement("button");
            choice.type = "submit";
            choice.className = "button secondary";
            choice.textContent = article.title + " (" + article.language.toUpperCase() + ")";
            choice.addEventListener("click", function () { hidden.value = article.id; });
            li.appendChild(choice);
            results.appendChild(li);
          });
        });
    }, 250);
    input.addEventListener("input", search);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !hidden.value) { event.preventDefault(); }
    });
  }
})();
