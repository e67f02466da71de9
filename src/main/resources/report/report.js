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
  // a browser lays out every row it shows: past the first rows, the rest wait for "Show all"
  var limit = Number(table.dataset.first) || rows.length;
  var more = document.getElementById("findings-more");
  var moreText = document.getElementById("findings-more-text");
  var showAll = document.getElementById("findings-show-all");

  function applyFilters() {
    var matching = 0;
    var shown = 0;
    var text = filters.text.value.toLowerCase();
    rows.forEach(function (row) {
      var ok = (!filters.rule.value || row.dataset.rule === filters.rule.value) &&
        (!filters.severity.value || row.dataset.severity === filters.severity.value) &&
        (!filters.certain.value || row.dataset.certain === filters.certain.value) &&
        (!filters.evidence.value || row.dataset.evidence === filters.evidence.value) &&
        (!filters.inode.value || row.dataset.inode === filters.inode.value) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      if (ok) { matching++; }
      row.hidden = !ok || shown >= limit;
      if (!row.hidden) { shown++; }
    });
    count.textContent = matching + " of " + rows.length + " findings" +
      (shown < matching ? ", the first " + shown + " listed" : "");
    if (more) {
      more.hidden = shown >= matching;
      moreText.textContent = "The first " + shown + " of " + matching + " findings are listed; the filters and the sort go through all of them. ";
      showAll.textContent = "Show all " + matching;
    }
  }

  if (showAll) {
    showAll.addEventListener("click", function () { limit = Infinity; applyFilters(); });
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
      applyFilters(); // the first rows of the new order are the ones listed
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
  applyFilters();
}());
