// The upload page: upload with progress, follow the analysis, list the history. Everything that
// came from an upload (file names, findings, errors) goes into the page as text (textContent),
// never as markup.
'use strict';
(function () {
  var csrf = document.querySelector('meta[name="heaplens-csrf"]').getAttribute('content');
  var fileInput = document.getElementById('file-input');
  var recordingInput = document.getElementById('recording-input');
  var dropZone = document.getElementById('drop-zone');
  var statusBox = document.getElementById('status');
  var statusText = document.getElementById('status-text');
  var statusBar = document.getElementById('status-bar');
  var statusLink = document.getElementById('status-link');
  var reportLink = document.getElementById('report-link');
  var uploadButton = document.getElementById('upload-button');
  var search = document.getElementById('search');
  var historyBody = document.querySelector('#history-table tbody');
  var historyEmpty = document.getElementById('history-empty');
  var historyTimer = null;

  function sizeText(bytes) {
    var units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit === 0 ? bytes + ' bytes' : value.toFixed(1) + ' ' + units[unit];
  }

  function showStatus(text, percent) {
    statusBox.hidden = false;
    statusText.textContent = text;
    if (percent === null) {
      statusBar.removeAttribute('value');
    } else {
      statusBar.value = percent;
    }
  }

  function request(method, url, callback) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('X-Heaplens-Csrf', csrf);
    xhr.onload = function () {
      if (xhr.status === 401) {
        window.location.reload();
        return;
      }
      var body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        body = null;
      }
      callback(xhr.status, body);
    };
    xhr.onerror = function () { callback(0, null); };
    xhr.send();
  }

  function errorText(status, body) {
    if (body && body.error) {
      return body.error;
    }
    return status === 0 ? 'the server cannot be reached' : 'the server answered ' + status;
  }

  // Dropped files: a .jfr goes to the recording field when a dump comes with it.
  function useDropped(files) {
    var list = Array.prototype.slice.call(files, 0, 2);
    var recording = null;
    var dump = null;
    list.forEach(function (file) {
      if (list.length > 1 && /\.jfr(\.gz)?$/i.test(file.name) && recording === null) {
        recording = file;
      } else if (dump === null) {
        dump = file;
      }
    });
    if (dump) {
      var dumps = new DataTransfer();
      dumps.items.add(dump);
      fileInput.files = dumps.files;
    }
    if (recording) {
      var recordings = new DataTransfer();
      recordings.items.add(recording);
      recordingInput.files = recordings.files;
    }
  }

  dropZone.addEventListener('dragover', function (event) {
    event.preventDefault();
    dropZone.classList.add('over');
  });
  dropZone.addEventListener('dragleave', function () { dropZone.classList.remove('over'); });
  dropZone.addEventListener('drop', function (event) {
    event.preventDefault();
    dropZone.classList.remove('over');
    useDropped(event.dataTransfer.files);
  });

  document.getElementById('upload-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!fileInput.files.length) {
      showStatus('Choose a heap dump (or a recording) first.', 0);
      return;
    }
    var form = new FormData();
    form.append('file', fileInput.files[0]);
    if (recordingInput.files.length) {
      form.append('recording', recordingInput.files[0]);
    }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/analyses');
    xhr.setRequestHeader('X-Heaplens-Csrf', csrf);
    xhr.upload.onprogress = function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.floor(progress.loaded * 100 / progress.total);
        showStatus('Uploading: ' + percent + '% (' + sizeText(progress.loaded) + ' of ' + sizeText(progress.total) + ')',
            percent);
      }
    };
    xhr.onload = function () {
      uploadButton.disabled = false;
      var body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      if (xhr.status === 202 && body) {
        showStatus('Uploaded; queued for analysis.', 0);
        follow(body.id);
        loadHistory();
      } else {
        showStatus('Upload refused: ' + errorText(xhr.status, body), 0);
        statusText.classList.add('error');
      }
    };
    xhr.onerror = function () {
      uploadButton.disabled = false;
      showStatus('Upload failed: the connection was lost.', 0);
      statusText.classList.add('error');
    };
    uploadButton.disabled = true;
    statusLink.hidden = true;
    statusText.classList.remove('error');
    showStatus('Uploading: 0%', 0);
    xhr.send(form);
  });

  // Polls one analysis once a second until it ends.
  function follow(id) {
    request('GET', '/api/analyses/' + encodeURIComponent(id), function (status, analysis) {
      if (status !== 200 || !analysis) {
        showStatus('Lost the analysis: ' + errorText(status, analysis), 0);
        return;
      }
      if (analysis.status === 'queued') {
        showStatus('Queued: waiting for a free worker.', 0);
      } else if (analysis.status === 'running') {
        var progress = analysis.progress;
        showStatus(progress ? 'Analyzing: ' + progress.phase + ' ' + progress.percent + '%' : 'Analyzing: starting',
            progress ? progress.percent : null);
      } else if (analysis.status === 'done') {
        showStatus('Done: ' + analysis.findings + ' finding' + (analysis.findings === 1 ? '' : 's')
            + (analysis.worstSeverity ? ', the worst ' + analysis.worstSeverity : '') + '.', 100);
        reportLink.href = analysis.report;
        statusLink.hidden = false;
        loadHistory();
        return;
      } else {
        showStatus('Failed: ' + (analysis.error || 'no reason given'), 0);
        statusText.classList.add('error');
        loadHistory();
        return;
      }
      window.setTimeout(function () { follow(id); }, 1000);
    });
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function historyRow(analysis) {
    var row = document.createElement('tr');
    row.setAttribute('data-id', analysis.id);
    cell(row, new Date(analysis.uploadedAt).toLocaleString());
    cell(row, analysis.files.map(function (file) { return file.name; }).join(' + '), 'file');
    cell(row, sizeText(analysis.files.reduce(function (sum, file) { return sum + file.bytes; }, 0)));
    cell(row, analysis.worstSeverity || '', analysis.worstSeverity ? 'severity-' + analysis.worstSeverity : '');
    var top = analysis.topFindings.length ? analysis.topFindings[0] : null;
    cell(row, top ? top.claim : (analysis.error || ''), 'finding');
    var statusCell = cell(row, analysis.status, 'status status-' + analysis.status);
    if (analysis.status === 'running' && analysis.progress) {
      statusCell.textContent = 'running: ' + analysis.progress.phase + ' ' + analysis.progress.percent + '%';
    }
    var actions = cell(row, '');
    if (analysis.report) {
      var link = document.createElement('a');
      link.href = analysis.report;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = 'report';
      link.className = 'report';
      actions.appendChild(link);
      actions.appendChild(document.createTextNode(' '));
    }
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'delete';
    remove.textContent = 'Delete';
    // Two clicks: the first asks, the second deletes.
    remove.addEventListener('click', function () {
      if (remove.textContent !== 'Delete for good') {
        remove.textContent = 'Delete for good';
        return;
      }
      remove.disabled = true;
      request('DELETE', '/api/analyses/' + encodeURIComponent(analysis.id), function () { loadHistory(); });
    });
    actions.appendChild(remove);
    return row;
  }

  function loadHistory() {
    var query = search.value.trim();
    request('GET', '/api/analyses' + (query ? '?q=' + encodeURIComponent(query) : ''), function (status, body) {
      if (status !== 200 || !body) {
        return;
      }
      while (historyBody.firstChild) {
        historyBody.removeChild(historyBody.firstChild);
      }
      var busy = false;
      body.analyses.forEach(function (analysis) {
        historyBody.appendChild(historyRow(analysis));
        busy = busy || analysis.status === 'queued' || analysis.status === 'running';
      });
      historyEmpty.hidden = body.analyses.length > 0;
      window.clearTimeout(historyTimer);
      if (busy) {
        historyTimer = window.setTimeout(loadHistory, 3000);
      }
    });
  }

  var searchTimer = null;
  search.addEventListener('input', function () {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(loadHistory, 200);
  });
  loadHistory();
}());
