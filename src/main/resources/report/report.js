// Sorting and filtering of the findings table. No network, no libraries.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = {
    rule: document.getElementById("filter-rule"),
    severity: document.getElementById("filter-severity"),
    certain: document.getElementById("filter-certain"),
    evidence: document.getElementById("filter-evidence"),
    inode: document.getElementById("filter-inode"),
    text: document.getElementById("filter-text")
  };
  var count = document.getElementById("filter-count");

  function applyFilters() {
    var shown = 0;
    var text = filters.text.value.toLowerCase();
    rows.forEach(function (row) {
      var ok = (!filters.rule.value || row.dataset.rule === filters.rule.value) &&
        (!filters.severity.value || row.dataset.severity === filters.severity.value) &&
        (!filters.certain.value || row.dataset.certain === filters.certain.value) &&
        (!filters.evidence.value || row.dataset.evidence === filters.evidence.value) &&
        (!filters.inode.value || row.dataset.inode === filters.inode.value) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown + " of " + rows.length + " findings";
  }

  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(k === "text" ? "input" : "change", applyFilters);
  });

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    if (!th.classList.contains("sortable")) { return; }
    function sort() {
      var ascending = th.dataset.order !== "asc";
      th.dataset.order = ascending ? "asc" : "desc";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.setAttribute("aria-sort", other === th ? (ascending ? "ascending" : "descending") : "none");
      });
      var numeric = th.classList.contains("num");
      rows.sort(function (a, b) {
        var x = a.cells[index].dataset.sort || a.cells[index].textContent;
        var y = b.cells[index].dataset.sort || b.cells[index].textContent;
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
  applyFilters();
}());
