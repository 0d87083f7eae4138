// Site-wide behaviour: sections collapsed on phones (the table of contents) open on wide screens.
(function () {
  const wide = window.matchMedia("(min-width: 900px)");
  function sync() {
    for (const details of document.querySelectorAll("details[data-open-wide]")) {
      details.open = wide.matches;
    }
  }
  sync();
  wide.addEventListener("change", sync);
})();
