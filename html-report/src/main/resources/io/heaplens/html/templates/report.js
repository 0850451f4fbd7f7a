/* heaplens report: sorts tables by a clicked column header, expands or collapses a section's
   details, zooms flame graphs. Reads only the page itself; loads nothing. */
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

  /* "Show all" under a capped table: every row, or back to the first ten. */
  Array.prototype.forEach.call(document.querySelectorAll('button.show-all'), function (button) {
    var table = document.getElementById(button.getAttribute('data-table'));
    var all = button.textContent;
    button.addEventListener('click', function () {
      var showing = table.classList.toggle('all');
      button.textContent = showing ? 'Show the first 10' : all;
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('button[data-expand]'), function (button) {
    button.addEventListener('click', function () { setOpen(button.getAttribute('data-expand'), true); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-collapse]'), function (button) {
    button.addEventListener('click', function () { setOpen(button.getAttribute('data-collapse'), false); });
  });

  /* Flame graphs: clicking a frame zooms in on it, its callers kept below as context across the
     whole width; clicking the bottom frame or "Reset zoom" zooms out. Each frame is a nested svg
     box; zooming moves and widens the boxes, and shows a frame's name once its box is wide
     enough (the width below which the page was written with the name hidden). */
  var FLAME_LABEL_WIDTH = 36;
  /* Box edges are written rounded to a tenth; frames closer than this are taken as touching. */
  var FLAME_SLACK = 0.2;

  function flameFrames(svg) {
    return Array.prototype.filter.call(svg.children, function (child) { return child.tagName === 'g'; });
  }

  function zoomFlame(svg, target) {
    var frames = flameFrames(svg);
    if (!svg.heaplensBoxes) {
      svg.heaplensBoxes = frames.map(function (frame) {
        var box = frame.querySelector('svg');
        return { x: Number(box.getAttribute('x')), width: Number(box.getAttribute('width')) };
      });
    }
    var width = svg.viewBox.baseVal.width;
    var focus = target ? svg.heaplensBoxes[frames.indexOf(target)] : { x: 0, width: width };
    var scale = width / focus.width;
    frames.forEach(function (frame, index) {
      var original = svg.heaplensBoxes[index];
      var left = Math.max(original.x, focus.x);
      var right = Math.min(original.x + original.width, focus.x + focus.width);
      var hidden = right - left < FLAME_SLACK;
      frame.classList.toggle('hidden', hidden);
      if (hidden) {
        return;
      }
      var box = frame.querySelector('svg');
      box.setAttribute('x', ((left - focus.x) * scale).toFixed(1));
      box.setAttribute('width', ((right - left) * scale).toFixed(1));
      frame.classList.toggle('context', original.x < focus.x - FLAME_SLACK
          || original.x + original.width > focus.x + focus.width + FLAME_SLACK);
      var label = box.querySelector('text');
      if (label) {
        label.classList.toggle('n', (right - left) * scale < FLAME_LABEL_WIDTH);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('svg.flame'), function (svg) {
    svg.addEventListener('click', function (event) {
      var frame = event.target.closest('svg.flame > g');
      if (frame) {
        zoomFlame(svg, frame);
      }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-flame-reset]'), function (button) {
    button.addEventListener('click', function () {
      var figure = document.getElementById(button.getAttribute('data-flame-reset'));
      var svg = figure && figure.querySelector('svg.flame');
      if (svg) {
        zoomFlame(svg, null);
      }
    });
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
