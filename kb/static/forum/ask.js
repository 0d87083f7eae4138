// Ask a question: while the title is typed, show articles and forum topics (solved or open)
// about the same problem.
(function () {
  const form = document.querySelector(".ask-form[data-suggest-url]");
  if (!form) return;
  const input = form.querySelector("input[name=title]");
  const region = document.getElementById("ask-suggestions");
  const labels = document.getElementById("ask-suggestion-labels").content;
  let timer = null;
  let controller = null;
  let lastQuery = "";

  function label(name) {
    return labels.querySelector("[data-" + name + "]").textContent;
  }

  function group(title, items, withSummary) {
    const section = document.createElement("section");
    const h = document.createElement("h3");
    h.textContent = title;
    const ul = document.createElement("ul");
    ul.className = "suggestion-list";
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      if (item.solved !== undefined) {
        const status = document.createElement("span");
        status.className = item.solved ? "badge solved" : "badge open";
        status.textContent = " " + label(item.solved ? "solved" : "open");
        li.appendChild(status);
      }
      if (withSummary && item.summary) {
        const p = document.createElement("p");
        p.className = "meta";
        p.textContent = item.summary;
        li.appendChild(p);
      }
      ul.appendChild(li);
    }
    section.append(h, ul);
    return section;
  }

  function render(data) {
    const parts = [];
    if (data.articles.length) parts.push(group(label("articles"), data.articles, true));
    if (data.topics.length) parts.push(group(label("topics"), data.topics, false));
    if (!parts.length) {
      const p = document.createElement("p");
      p.className = "meta";
      p.textContent = label("none");
      parts.push(p);
    }
    region.replaceChildren(...parts);
  }

  async function suggest() {
    const q = input.value.trim();
    if (q.length < 3 || q === lastQuery) return;
    lastQuery = q;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
      const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (response.ok) render(await response.json());
    } catch (e) { /* aborted or offline: the form still works */ }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 250);
  });
  if (input.value.trim()) suggest();
})();
