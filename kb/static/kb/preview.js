// Live preview under each Markdown box (textarea[data-preview]): the server renders it with the
// same code as the published page, a moment after the writer stops typing.
(function () {
  const url = document.currentScript.dataset.url;
  const title = document.currentScript.dataset.title;
  for (const textarea of document.querySelectorAll("textarea[data-preview]")) {
    const form = textarea.form;
    const token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    if (!token) continue;
    const box = document.createElement("section");
    box.className = "markdown-preview";
    box.setAttribute("aria-label", title);
    const heading = document.createElement("p");
    heading.className = "markdown-preview-title";
    heading.textContent = title;
    const body = document.createElement("div");
    body.className = textarea.dataset.preview === "article" ? "article-body" : "post-body";
    box.append(heading, body);
    box.hidden = true;
    textarea.insertAdjacentElement("afterend", box);
    let timer = null;
    let controller = null;

    async function refresh() {
      if (controller) controller.abort();
      controller = new AbortController();
      const data = new FormData();
      data.append("kind", textarea.dataset.preview);
      data.append("text", textarea.value);
      try {
        const response = await fetch(url, {
          method: "POST", body: data, signal: controller.signal, credentials: "same-origin",
          headers: { "X-CSRFToken": token.value },
        });
        if (!response.ok) return;
        body.innerHTML = await response.text();  // sanitised by the server
        box.hidden = !textarea.value.trim();
      } catch (e) { /* aborted or offline: the form still works */ }
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    if (textarea.value.trim()) refresh();
  }
})();
