/* Small enhancements; every form works without them.
   - [data-autosubmit]: choosing a province reloads the form with its wards (the button does it without JS).
   - .place-form: a second click while the first is on its way does nothing (the server also places one order only).
   - [data-print]: show the print button and print the page. */
(function () {
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var button = select.form.querySelector(".province-button");
      if (button) { button.click(); }
    });
  });
  document.querySelectorAll(".place-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
