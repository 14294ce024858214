/* Counts an approximate page view for the producer's dashboard; sends only the product id (no cookie).
   <script src=… data-product="id" data-url="beacon url" defer> */
(function () {
  var script = document.currentScript;
  if (!script || navigator.webdriver || !navigator.sendBeacon) { return; }
  var data = new FormData();
  data.append("p", script.getAttribute("data-product"));
  navigator.sendBeacon(script.getAttribute("data-url"), data);
})();
