/* The office's certificate form: while the expiry is empty or still the suggested one, choosing an
   issue date suggests the expiry 36 months later (the month's last day when it has no such day),
   as the server does when the expiry is left empty. The form works the same without it. */
(function () {
  var issued = document.getElementById("issued_on"), expiry = document.getElementById("expires_on");
  if (!issued || !expiry) { return; }
  var suggested = !expiry.value;
  expiry.addEventListener("input", function () { suggested = !expiry.value; });
  issued.addEventListener("change", function () {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(issued.value);
    if (!suggested || !m) { return; }
    var year = +m[1] + 3, month = +m[2], day = Math.min(+m[3], new Date(year, month, 0).getDate());
    expiry.value = year + "-" + m[2] + "-" + String(day).padStart(2, "0");
  });
})();
