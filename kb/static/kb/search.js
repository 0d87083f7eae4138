// Search-as-you-type for the header search box: titles from /<lang>/search/suggest/.
(function () {
  const form = document.querySelector(".search-form[data-suggest-url]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector(".suggestions");
  let timer = null;
  let controller = null;

  function render(results) {
    list.replaceChildren();
    for (const r of results) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;
      const small = document.createElement("small");
      small.textContent = r.summary;
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    }
    list.hidden = results.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
        const response = await fetch(url, { signal: controller.signal });
        render((await response.json()).results);
      } catch (e) { /* aborted or offline: keep the plain form */ }
    }, 200);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") render([]); });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) render([]); });
})();
