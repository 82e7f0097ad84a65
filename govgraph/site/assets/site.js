// govgraph site: arrow-key navigation in the coverage heatmap (progressive enhancement:
// every cell is an ordinary link, so the table works without this script).
(function () {
  "use strict";
  function cellLinks(table) {
    var rows = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var links = Array.prototype.slice.call(tr.querySelectorAll("td a"));
      if (links.length) { rows.push(links); }
    });
    return rows;
  }
  function enhance(table) {
    var rows = cellLinks(table);
    rows.forEach(function (links, r) {
      links.forEach(function (link, c) {
        link.addEventListener("keydown", function (event) {
          var to = null;
          if (event.key === "ArrowRight") { to = links[c + 1]; }
          else if (event.key === "ArrowLeft") { to = links[c - 1]; }
          else if (event.key === "ArrowDown" && rows[r + 1]) { to = rows[r + 1][c]; }
          else if (event.key === "ArrowUp" && rows[r - 1]) { to = rows[r - 1][c]; }
          else if (event.key === "Home") { to = links[0]; }
          else if (event.key === "End") { to = links[links.length - 1]; }
          if (to) {
            event.preventDefault();
            to.focus();
          }
        });
      });
    });
  }
  function ready() {
    document.querySelectorAll("table[data-grid]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
