// The CM's draft editor: live length counter (the server's one counter) and preview,
// and "pick another article" search as you type.
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

  var form = document.querySelector(".reply-form");
  if (form) {
    var textarea = form.querySelector("textarea");
    var counter = form.querySelector(".counter");
    var count = counter.querySelector(".count");
    var preview = form.querySelector(".reply-preview");
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var measure = debounce(function () {
      fetch(form.dataset.lengthUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ text: textarea.value }),
        credentials: "same-origin"
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (typeof data.length !== "number") { return; }
        count.textContent = data.length;
        counter.classList.toggle("too-long", !data.fits);
      });
    }, 250);
    textarea.addEventListener("input", function () {
      // Text, never HTML; Mastodon replies get the author's mention if the text lacks it.
      var mention = preview.dataset.mention;
      var text = textarea.value;
      if (mention && text.toLowerCase().indexOf(mention.toLowerCase()) === -1) {
        text = mention + " " + text;
      }
      preview.textContent = text;
      measure();
    });
  }

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
            var button = document.createElement("button");
            button.type = "submit";
            button.className = "button secondary";
            button.textContent = article.title + " (" + article.language.toUpperCase() + ")";
            button.addEventListener("click", function () { hidden.value = article.id; });
            li.appendChild(button);
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
