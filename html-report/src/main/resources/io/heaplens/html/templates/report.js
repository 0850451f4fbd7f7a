/* heaplens report: sorts tables by a clicked column header and expands or collapses a section's
   details. Reads only the page itself; loads nothing. */
(function () {
  'use strict';

  function cellKey(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) {
      return numeric ? -Infinity : '';
    }
    if (numeric) {
      var value = Number(cell.getAttribute('data-v'));
      return isNaN(value) ? -Infinity : value;
    }
    var label = cell.querySelector('summary') || cell;
    return (label.textContent || '').trim().toLowerCase();
  }

  function sortTable(table, header, column) {
    var numeric = header.getAttribute('data-type') === 'number';
    var current = header.getAttribute('aria-sort');
    var descending = current ? current === 'ascending' : numeric;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, index) {
      return { row: row, key: cellKey(row, column, numeric), index: index };
    });
    keyed.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      if (descending) {
        order = -order;
      }
      return order !== 0 ? order : a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (entry) { fragment.appendChild(entry.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute('aria-sort');
    });
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = header.querySelector('button');
      if (button) {
        button.addEventListener('click', function () { sortTable(table, header, column); });
      }
    });
  });

  function setOpen(sectionId, open) {
    var section = document.getElementById(sectionId);
    if (!section) {
      return;
    }
    Array.prototype.forEach.call(section.querySelectorAll('details'), function (details) {
      details.open = open;
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button[data-expand]'), function (button) {
    button.addEventListener('click', function () { setOpen(button.getAttribute('data-expand'), true); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-collapse]'), function (button) {
    button.addEventListener('click', function () { setOpen(button.getAttribute('data-collapse'), false); });
  });

  /* Following a link to a finding or an object opens the details around it. */
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') {
        node.open = true;
      }
    }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
}());
