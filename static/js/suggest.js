/* Suggestions under the search box. Progressive enhancement: the form works without this.
   Suggestions arrive as JSON and are inserted as text (textContent), never as HTML. */
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  if (!input || !input.form || !window.fetch) return;
  var form = input.form, list = document.createElement("ul"), timer = 0, seq = 0, items = [], active = -1;
  list.id = "search-suggestions";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  if (input.labels && input.labels[0]) list.setAttribute("aria-label", input.labels[0].textContent);
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function mark(i) {
    active = i;
    items.forEach(function (item, j) { item.li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[i].li.id);
  }
  function go(item) {
    if (item.url) { window.location.href = item.url; return; }
    input.value = item.text;
    close();
    form.submit();
  }
  function add(text, note, url) {
    var li = document.createElement("li"), i = items.length;
    li.id = "search-suggestion-" + i;
    li.className = url ? "suggest-product" : "suggest-term";
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.appendChild(document.createTextNode(text));
    if (note) {
      var small = document.createElement("small");
      small.textContent = note;
      li.appendChild(small);
    }
    li.addEventListener("mousedown", function (event) { event.preventDefault(); go(items[i]); });
    items.push({ li: li, text: text, url: url });
    list.appendChild(li);
  }
  function show(data) {
    list.textContent = "";
    items = [];
    active = -1;
    (data.terms || []).forEach(function (term) { add(term, "", ""); });
    (data.products || []).forEach(function (p) { add(p.name, p.adult ? "18+" : p.meta, p.url); });
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }
  input.addEventListener("input", function () {
    var q = input.value, mine = ++seq;
    clearTimeout(timer);
    if (q.trim().length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch(form.action + "/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && mine === seq) show(data); })
        .catch(function () {});
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) return;
    var n = items.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      mark(event.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      go(items[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
