/* Open a <details> (filters, facets) on wide screens before the page is painted.
   Loaded right after the element, without defer: <script src=… data-open="id">. */
(function () {
  var script = document.currentScript;
  var target = script && document.getElementById(script.getAttribute("data-open"));
  if (target && window.matchMedia("(min-width: 960px)").matches) { target.open = true; }
})();
