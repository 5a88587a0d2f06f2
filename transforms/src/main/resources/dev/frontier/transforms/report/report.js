// Draws a Frontier sweep report from the JSON in #report-data (see report/ReportData.java for its shape):
// the catalogue overview, one section per model (two scatter plots, the front table) and the failures.
// Each plot element records what it drew in data- attributes (points, chosen, knee): the browser test reads them.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];

  // Colour per quantization scheme, marker per pruning method; unknown values get the fallbacks.
  var SCHEMES = [
    ['float', 'float', '#4d4d4d'],
    ['fp16', 'fp16', '#1f77b4'],
    ['int8-weight', 'int8 weights', '#2ca02c'],
    ['int4-weight', 'int4 weights', '#ff7f0e'],
    ['int8', 'int8 full-integer', '#d62728']
  ];
  var FALLBACK_COLOURS = ['#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
  var MARKERS = { none: 'circle', magnitude: 'triangle', channels: 'diamond', 'n-of-m': 'pin' };
  var MARKER_GLYPHS = { circle: '\u25CF', triangle: '\u25B2', diamond: '\u25C6', pin: '\u2B22', rect: '\u25A0' };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function fixed(v, digits) { return v === null || v === undefined ? '\u2013' : Number(v).toFixed(digits); }
  function pct(v) { return v === null || v === undefined ? '\u2013' : (100 * v).toFixed(2) + ' %'; }
  function signed(v, digits) { return v === null || v === undefined ? '\u2013' : (v > 0 ? '+' : '') + v.toFixed(digits); }
  function kib(bytes) { return (bytes / 1024).toFixed(1); }
  // A configuration label with break opportunities after its separators, so table cells wrap between options.
  function breakable(config) { return config ? config.replace(/([,+{])/g, '$1\u200B') : config; }
  function anchor(modelId) { return 'model-' + modelId.replace(/[^A-Za-z0-9_-]/g, '_'); }

  function schemeOf(q) {
    for (var i = 0; i < SCHEMES.length; i++) { if (SCHEMES[i][0] === q) { return SCHEMES[i]; } }
    return null;
  }
  var extraColours = {};
  function colourOf(q) {
    var s = schemeOf(q);
    if (s) { return s[2]; }
    if (!extraColours[q]) { extraColours[q] = FALLBACK_COLOURS[Object.keys(extraColours).length % FALLBACK_COLOURS.length]; }
    return extraColours[q];
  }
  function labelOf(q) { var s = schemeOf(q); return s ? s[1] : q; }
  function markerOf(pruning) { return MARKERS[pruning] || 'rect'; }

  // Rows arrive as arrays in the order of data.fields; turn them into objects keyed by column name.
  data.models.forEach(function (m) {
    m.objects = m.rows.map(function (values) {
      var r = {};
      data.fields.forEach(function (f, i) { r[f] = values[i]; });
      // A candidate racing stopped is shown at the lower end of its interval, where the front placed it: its own
      // accuracy is on the rows it saw, which settling chose for being hard.
      r.shown_accuracy = r.stop_reason ? r.accuracy_lo : r.accuracy;
      r.accuracy_delta = r.shown_accuracy - r.float_accuracy;
      return r;
    });
  });

  function summaryLine(r) {
    return r.config + ': ' + kib(r.gzip_bytes) + ' KiB gzip, top-1 ' + pct(r.accuracy) + ' (' +
      signed(100 * r.accuracy_delta, 2) + ' pp), batch-1 ' + fixed(r.latency_ratio_b1, 2) + '\u00D7 float';
  }

  function header() {
    var failed = data.failures.length;
    var candidates = data.models.reduce(function (n, m) { return n + m.candidates; }, 0);
    var parts = [data.models.length + ' models', candidates + ' candidates measured',
      failed + (failed === 1 ? ' failure' : ' failures')];
    if (data.accuracyBudgetPp !== null) { parts.push('accuracy budget ' + data.accuracyBudgetPp + ' pp'); }
    var key = el('div', { 'class': 'key' });
    SCHEMES.forEach(function (s) {
      key.appendChild(el('span', {}, [el('span', { 'class': 'swatch', style: 'background:' + s[2] }), s[1]]));
    });
    key.appendChild(el('span', { text: '\u25CF no pruning  \u25B2 magnitude pruning  \u25C6 channel pruning  \u2B22 N:M pruning  \u00B7 outlined = recovered' }));
    key.appendChild(el('span', { text: '\u2014 Pareto front  \u25EF chosen  \u25A2 knee  \u2504 float  \u2592 within budget' }));
    return el('header', {}, [
      el('h1', { text: 'Which compressed model to ship' }),
      el('p', { 'class': 'sub', text: data.source + ' \u00B7 ' + parts.join(' \u00B7 ') +
        '. Chosen = the smallest candidate within the accuracy budget; knee = the balanced point of the front.' }),
      key
    ]);
  }

  // --- catalogue overview -------------------------------------------------------------------------------
  var OVERVIEW = [
    { title: 'model', value: function (m) { return m.id; }, cell: function (m) {
      return el('a', { href: '#' + anchor(m.id), text: m.id }); } },
    { title: 'float top-1', num: true, value: function (m) { return m.floatAccuracy; },
      cell: function (m) { return pct(m.floatAccuracy); } },
    { title: 'chosen', value: function (m) { return m.chosenConfig; }, cls: 'config',
      cell: function (m) { return breakable(m.chosenConfig) || (m.candidates ? 'none within budget' : 'not measured'); } },
    { title: 'size reduction', num: true, value: function (m) { return m.sizeReduction; },
      cell: function (m) { return m.sizeReduction === null ? '\u2013' : m.sizeReduction.toFixed(1) + '\u00D7'; } },
    { title: 'batch-1 latency', num: true, value: function (m) { return m.latencyRatio; },
      cell: function (m) { return m.latencyRatio === null ? '\u2013' : m.latencyRatio.toFixed(2) + '\u00D7'; } },
    { title: '\u0394 accuracy', num: true, value: function (m) { return m.accuracyDeltaPp; },
      cell: function (m) { return m.accuracyDeltaPp === null ? '\u2013' : signed(m.accuracyDeltaPp, 2) + ' pp'; } },
    { title: 'candidates', num: true, value: function (m) { return m.candidates; },
      cell: function (m) { return String(m.candidates); } },
    { title: 'failures', num: true, value: function (m) { return m.failures; },
      cell: function (m) { return m.failures ? el('a', { href: '#failures', 'class': 'bad', text: String(m.failures) }) : '0'; } }
  ];

  function overviewTable() {
    var table = el('table', { id: 'overview' });
    var headRow = el('tr');
    var body = el('tbody');
    var order = { column: 0, ascending: true };
    function fill() {
      var col = OVERVIEW[order.column];
      var models = data.models.slice().sort(function (a, b) {
        var x = col.value(a), y = col.value(b);
        if (x === y) { return a.id < b.id ? -1 : 1; }
        if (x === null || x === undefined) { return 1; }       // missing values last, either way
        if (y === null || y === undefined) { return -1; }
        return (x < y ? -1 : 1) * (order.ascending ? 1 : -1);
      });
      body.textContent = '';
      models.forEach(function (m) {
        var tr = el('tr', { 'data-model': m.id });
        OVERVIEW.forEach(function (c) {
          var v = c.cell(m);
          tr.appendChild(el('td', { 'class': (c.num ? 'num ' : '') + (c.cls || '') }, [v]));
        });
        body.appendChild(tr);
      });
      Array.prototype.forEach.call(headRow.children, function (th, i) {
        th.classList.remove('sorted-asc', 'sorted-desc');
        if (i === order.column) { th.classList.add(order.ascending ? 'sorted-asc' : 'sorted-desc'); }
      });
    }
    OVERVIEW.forEach(function (c, i) {
      var th = el('th', { 'class': 'sortable' + (c.num ? ' num' : ''), title: 'sort by ' + c.title, text: c.title });
      th.addEventListener('click', function () {
        order = { column: i, ascending: order.column === i ? !order.ascending : true };
        fill();
      });
      headRow.appendChild(th);
    });
    table.appendChild(el('thead', {}, [headRow]));
    table.appendChild(body);
    fill();
    return table;
  }

  function cataloguePlot(target) {
    var chosen = data.models.filter(function (m) { return m.sizeReduction !== null && m.accuracyDeltaPp !== null; });
    var chart = echarts.init(target);
    var budget = data.accuracyBudgetPp;
    var deltas = chosen.map(function (m) { return m.accuracyDeltaPp; }).concat([0, budget === null ? 0 : -budget]);
    var lo = Math.min.apply(null, deltas), hi = Math.max.apply(null, deltas), pad = 0.12 * ((hi - lo) || 1);
    chart.setOption({
      animation: false,
      title: { text: "Each model's chosen candidate", left: 'center', textStyle: { fontSize: 13 } },
      grid: { left: 56, right: 30, top: 36, bottom: 44 },
      tooltip: { trigger: 'item', formatter: function (p) {
        var m = chosen[p.dataIndex];
        return '<b>' + escapeHtml(m.id) + '</b><br>' + escapeHtml(m.chosenConfig) + '<br>' +
          m.sizeReduction.toFixed(2) + '\u00D7 smaller, ' + signed(m.accuracyDeltaPp, 2) + ' pp, batch-1 ' +
          fixed(m.latencyRatio, 2) + '\u00D7 float';
      } },
      xAxis: { type: 'value', name: 'accuracy change vs float (pp)', nameLocation: 'middle', nameGap: 26,
        min: Math.floor(10 * (lo - pad)) / 10, max: Math.ceil(10 * (hi + pad)) / 10 },
      yAxis: { type: 'value', name: 'size reduction (\u00D7)', nameLocation: 'middle', nameGap: 38, min: 1, scale: true },
      series: [{
        type: 'scatter', id: 'catalogue', symbolSize: 11,
        itemStyle: { color: '#0b6bcb', opacity: 0.85 },
        label: { show: chosen.length <= 25, position: 'top', fontSize: 11, formatter: function (p) { return chosen[p.dataIndex].id; } },
        labelLayout: { hideOverlap: true },
        data: chosen.map(function (m) { return [m.accuracyDeltaPp, m.sizeReduction]; }),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#4d4d4d', type: 'dashed' },
          label: { formatter: 'float', fontSize: 10 }, data: [{ xAxis: 0 }] },
        markArea: budget === null ? undefined : { silent: true, itemStyle: { color: 'rgba(46,160,67,0.10)' },
          data: [[{ xAxis: -budget }, { xAxis: 0 }]] }
      }]
    });
    chart.on('click', function (p) { location.hash = anchor(chosen[p.dataIndex].id); });
    target.setAttribute('data-points', String(chosen.length));
    charts.push(chart);
  }

  function guide() {
    var items = [
      'Each model below has two plots: gzip size and batch-1 latency against top-1 accuracy. Up and to the left is better.',
      'A point is one candidate: its colour is the quantization scheme, its shape the pruning method.',
      'The line joins the Pareto front: candidates that no other beats on size, latency and accuracy at once.',
      'The ring marks the chosen candidate, the smallest one inside the accuracy budget (green band below the ' +
        'dashed float line); the square marks the knee.',
      'Hover a point for its figures, click it for every column. The table under the plots lists the front, ' +
        'with links to each exported SavedModel and its manifest.'
    ];
    return el('div', { 'class': 'guide' }, [el('h3', { text: 'How to read this report' }),
      el('ul', {}, items.map(function (t) { return el('li', { text: t }); }))]);
  }

  function overviewSection() {
    var plot = el('div', { 'class': 'chart catalogue', id: 'catalogue-plot' });
    var section = el('section', { id: 'catalogue' }, [
      el('h2', { text: 'Catalogue' }),
      el('p', { 'class': 'sub', text: 'One row per model: its chosen candidate against the float model. ' +
        'Click a header to sort; click a model to see its plots.' }),
      overviewTable(),
      el('div', { 'class': 'overview' }, [plot, guide()])
    ]);
    return { section: section, plot: plot };
  }

  // --- one model ------------------------------------------------------------------------------------------
  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function tooltip(r) {
    var lines = [
      '<b>' + escapeHtml(r.config) + '</b>',
      'gzip ' + kib(r.gzip_bytes) + ' KiB, graph ' + kib(r.size_bytes) + ' KiB, non-zero ' + r.nonzero_params + ' / ' + r.params,
      'top-1 ' + (r.stop_reason ? 'at least ' : '') + pct(r.shown_accuracy) + ' (' + signed(100 * r.accuracy_delta, 2) +
        ' pp), agreement ' + pct(r.agreement),
      'batch-1 ' + fixed(r.latency_ms_b1, 3) + ' ms = ' + fixed(r.latency_ratio_b1, 2) + '\u00D7 float [' +
        fixed(r.latency_ratio_b1_lo, 2) + '\u2013' + fixed(r.latency_ratio_b1_hi, 2) + ']',
      'batch-32 ' + fixed(r.latency_ms_b32, 3) + ' ms = ' + fixed(r.latency_ratio_b32, 2) + '\u00D7 float',
      [r.on_front ? 'on the front' : 'dominated', r.knee ? 'knee' : '', r.chosen ? 'chosen' : ''].filter(Boolean).join(', '),
      '<i>click for every column</i>'
    ];
    if (r.stop_reason) {
      // racing evaluation stopped it: its top-1 is on its own rows only, with the interval that bounds the rest
      lines.splice(lines.length - 1, 0, 'stopped early, top-1 within ' + pct(r.accuracy_lo) + '\u2013' +
        pct(r.accuracy_hi) + ', ' + pct(r.accuracy) + ' on the ' + r.evaluation_rows + ' rows it saw (' +
        escapeHtml(r.stop_reason) + ')');
    }
    if (r.same_graph_as) {
      // racing measured a candidate with byte-identical graphs in its place
      lines.splice(lines.length - 1, 0, 'same graphs as ' + escapeHtml(r.same_graph_as) + ', measured once');
    }
    return lines.join('<br>');
  }

  function detail(target, m, r) {
    target.textContent = '';
    target.appendChild(el('b', { text: r.config }));
    var dl = el('dl');
    data.fields.concat(['accuracy_delta']).forEach(function (f) {
      var v = r[f];
      dl.appendChild(el('div', {}, [el('dt', { text: f }), el('dd', { text: v === null || v === undefined ? 'null' : String(v) })]));
    });
    target.appendChild(dl);
  }

  // The series of one plot: a scatter per quantization scheme (every candidate once), the front as a line,
  // rings on the chosen candidate and the knee, the float accuracy as a dashed line and the budget as a band.
  function plotOption(m, kind) {
    var rows = m.objects;
    var x = kind === 'size'
      ? function (r) { return r.gzip_bytes / 1024; }
      : function (r) { return r.latency_ratio_b1; };
    var schemes = [];
    rows.forEach(function (r) { if (schemes.indexOf(r.quantization) < 0) { schemes.push(r.quantization); } });
    schemes.sort(function (a, b) {
      var ia = SCHEMES.findIndex(function (s) { return s[0] === a; }), ib = SCHEMES.findIndex(function (s) { return s[0] === b; });
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : 1);
    });
    var point = function (r) { return [x(r), 100 * r.shown_accuracy, rows.indexOf(r)]; };
    var floatAcc = 100 * m.floatAccuracy;
    var budget = data.accuracyBudgetPp;
    var top = Math.max.apply(null, rows.map(function (r) { return 100 * r.shown_accuracy; }).concat([floatAcc]));
    var series = schemes.map(function (q, i) {
      var s = {
        type: 'scatter', id: 'candidates:' + q, name: labelOf(q), symbolSize: 10,
        itemStyle: { color: colourOf(q), opacity: 0.85, borderColor: '#fff', borderWidth: 0.5 },
        emphasis: { scale: 1.6 },
        data: rows.filter(function (r) { return r.quantization === q; }).map(function (r) {
          var recovered = r.recovery && r.recovery !== 'none';
          // A recovered candidate (bias correction, fine-tune, ...) gets a dark outline: same scheme, same pruning.
          return recovered
            ? { value: point(r), symbol: markerOf(r.pruning), itemStyle: { borderColor: '#1d2330', borderWidth: 2 } }
            : { value: point(r), symbol: markerOf(r.pruning) };
        })
      };
      if (i === 0) {
        s.markLine = { silent: true, symbol: 'none', lineStyle: { color: '#4d4d4d', type: 'dashed' },
          label: { formatter: 'float ' + floatAcc.toFixed(2) + ' %', position: 'insideEndTop', fontSize: 10 },
          data: [{ yAxis: floatAcc }] };
        if (budget !== null) {
          s.markArea = { silent: true, itemStyle: { color: 'rgba(46,160,67,0.10)' },
            data: [[{ yAxis: floatAcc - budget }, { yAxis: Math.max(top, floatAcc) }]] };
        }
      }
      return s;
    });
    var front = rows.filter(function (r) { return r.on_front; }).sort(function (a, b) { return x(a) - x(b); });
    series.push({ type: 'line', id: 'front', name: 'Pareto front', silent: true, z: 1, symbol: 'none',
      lineStyle: { color: '#1d2330', width: 1.2, opacity: kind === 'size' ? 0.6 : 0.35 }, data: front.map(point) });
    var chosen = rows.filter(function (r) { return r.chosen; });
    var knee = rows.filter(function (r) { return r.knee; });
    series.push({ type: 'scatter', id: 'knee', name: 'knee', silent: true, z: 3, symbol: 'rect', symbolSize: 17,
      itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#3b6fb6', borderWidth: 2 },
      label: { show: true, position: 'bottom', formatter: 'knee', color: '#3b6fb6', fontSize: 11 },
      data: knee.map(point) });
    series.push({ type: 'scatter', id: 'chosen', name: 'chosen', silent: true, z: 4, symbol: 'circle', symbolSize: 22,
      itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#111', borderWidth: 2.5 },
      label: { show: true, position: 'top', formatter: 'chosen', fontWeight: 'bold', fontSize: 11, color: '#111' },
      data: chosen.map(point) });
    return {
      animation: false,
      title: { text: kind === 'size' ? 'size vs accuracy' : 'batch-1 latency vs accuracy', left: 'center',
        textStyle: { fontSize: 13 } },
      legend: { bottom: 0, data: schemes.map(labelOf), itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
      grid: { left: 52, right: 22, top: 34, bottom: 62 },
      tooltip: { trigger: 'item', confine: true, formatter: function (p) { return tooltip(rows[p.value[2]]); } },
      xAxis: kind === 'size'
        ? { type: 'log', name: 'gzip size (KiB, log scale)', nameLocation: 'middle', nameGap: 24, scale: true,
            axisLabel: { formatter: function (v) { return v >= 100 ? v.toFixed(0) : v.toPrecision(2); } } }
        : { type: 'value', name: 'batch-1 latency (\u00D7 float, lower is faster)', nameLocation: 'middle', nameGap: 24,
            scale: true },
      yAxis: { type: 'value', name: 'top-1 (%)', nameLocation: 'middle', nameGap: 38, scale: true },
      series: series
    };
  }

  // Counts what the chart holds (not what was asked for), for the reader's trust and the browser test.
  function record(target, chart, m) {
    var series = chart.getOption().series;
    var points = 0, chosen = [], knee = [];
    series.forEach(function (s) {
      if (s.id.indexOf('candidates:') === 0) { points += s.data.length; }
      if (s.id === 'chosen') { chosen = s.data.map(function (d) { return m.objects[d[2]].candidate_id; }); }
      if (s.id === 'knee') { knee = s.data.map(function (d) { return m.objects[d[2]].candidate_id; }); }
    });
    target.setAttribute('data-points', String(points));
    target.setAttribute('data-chosen', chosen.join(','));
    target.setAttribute('data-knee', knee.join(','));
  }

  function frontTable(m) {
    var cols = ['candidate', 'gzip KiB', 'graph KiB', 'non-zero / params', 'top-1', '\u0394 pp', 'agreement',
      'b1 ms', 'b1 \u00D7 float [95 %]', 'b32 ms', '', 'artifact'];
    var head = el('tr', {}, cols.map(function (c, i) { return el('th', { 'class': i > 0 && i < 10 ? 'num' : '', text: c }); }));
    var body = el('tbody');
    m.objects.filter(function (r) { return r.on_front; }).forEach(function (r) {
      var tags = el('td');
      if (r.chosen) { tags.appendChild(el('span', { 'class': 'tag chosen', text: 'chosen' })); }
      if (r.knee) { tags.appendChild(el('span', { 'class': 'tag knee', text: 'knee' })); }
      var link = m.artifacts[r.candidate_id];
      var artifact = el('td', {}, link ? [el('a', { href: link + '/', text: 'folder' }), ' \u00B7 ',
        el('a', { href: link + '/manifest.json', text: 'manifest' })] : ['\u2013']);
      var delta = 100 * r.accuracy_delta;
      body.appendChild(el('tr', { 'class': r.chosen ? 'chosen' : '' }, [
        el('td', { 'class': 'config', text: breakable(r.config) }),
        el('td', { 'class': 'num', text: kib(r.gzip_bytes) }),
        el('td', { 'class': 'num', text: kib(r.size_bytes) }),
        el('td', { 'class': 'num', text: r.nonzero_params + ' / ' + r.params }),
        el('td', { 'class': 'num', text: r.stop_reason ? pct(r.accuracy_lo) + '\u2013' + pct(r.accuracy_hi)
          : pct(r.accuracy) }),
        el('td', { 'class': 'num ' + (delta < 0 ? 'bad' : 'good'), text: signed(delta, 2) }),
        el('td', { 'class': 'num', text: pct(r.agreement) }),
        el('td', { 'class': 'num', text: fixed(r.latency_ms_b1, 3) }),
        el('td', { 'class': 'num', text: fixed(r.latency_ratio_b1, 2) + ' [' + fixed(r.latency_ratio_b1_lo, 2) + '\u2013' +
          fixed(r.latency_ratio_b1_hi, 2) + ']' }),
        el('td', { 'class': 'num', text: fixed(r.latency_ms_b32, 3) }),
        tags, artifact
      ]));
    });
    return el('table', { 'class': 'front' }, [el('thead', {}, [head]), body]);
  }

  function modelSection(m) {
    var section = el('section', { id: anchor(m.id), 'class': 'model', 'data-model': m.id });
    section.appendChild(el('h2', { text: m.id }));
    if (!m.candidates) {
      section.appendChild(el('p', { 'class': 'bad', text: 'No candidate was measured: see the failures below.' }));
      return { section: section, plots: [] };
    }
    var chosen = m.objects.filter(function (r) { return r.chosen; })[0];
    var front = m.objects.filter(function (r) { return r.on_front; }).length;
    section.appendChild(el('p', { 'class': 'sub', text: 'float top-1 ' + pct(m.floatAccuracy) + ' on ' + m.evaluationRows +
      ' rows \u00B7 ' + m.candidates + ' candidates, ' + front + ' on the front' +
      (m.failures ? ', ' + m.failures + ' failed' : '') + ' \u00B7 ' +
      (chosen ? 'chosen ' + summaryLine(chosen) : 'no candidate within the accuracy budget') }));
    var plots = ['size', 'latency'].map(function (kind) {
      return el('div', { 'class': 'chart', 'data-model': m.id, 'data-plot': kind });
    });
    section.appendChild(el('div', { 'class': 'plots' }, plots));
    var info = el('div', { 'class': 'detail', text: 'Hover over a point for its figures; click it for every column of its row.' });
    section.appendChild(info);
    section.appendChild(el('h3', { text: 'Pareto front' }));
    section.appendChild(frontTable(m));
    return { section: section, plots: plots, info: info };
  }

  function drawModel(m, parts) {
    parts.plots.forEach(function (target) {
      var chart = echarts.init(target);
      chart.setOption(plotOption(m, target.getAttribute('data-plot')));
      chart.on('click', function (p) {
        if (p.value && p.value.length > 2) { detail(parts.info, m, m.objects[p.value[2]]); }
      });
      record(target, chart, m);
      charts.push(chart);
    });
  }

  function failuresSection() {
    var section = el('section', { id: 'failures' }, [el('h2', { text: 'Failures' })]);
    if (!data.failures.length) {
      section.appendChild(el('p', { 'class': 'sub', text: 'No model or candidate failed.' }));
      return section;
    }
    section.appendChild(el('p', { 'class': 'sub', text: data.failures.length + ' models or candidates could not be ' +
      'processed; the sweep went on without them.' }));
    var head = el('tr', {}, ['model', 'candidate', 'stage', 'error', 'message'].map(function (c) { return el('th', { text: c }); }));
    var body = el('tbody');
    data.failures.forEach(function (f) {
      body.appendChild(el('tr', {}, [
        el('td', {}, [el('a', { href: '#' + anchor(f.modelId), text: f.modelId })]),
        el('td', { 'class': 'config', text: breakable(f.config) || '(whole model)' }),
        el('td', { text: f.stage }),
        el('td', { text: f.errorClass }),
        el('td', { 'class': 'message', text: f.message })
      ]));
    });
    section.appendChild(el('table', {}, [el('thead', {}, [head]), body]));
    return section;
  }

  var root = document.getElementById('report');
  root.appendChild(header());
  var overview = overviewSection();
  root.appendChild(overview.section);
  var models = data.models.map(function (m) { var parts = modelSection(m); root.appendChild(parts.section); return parts; });
  root.appendChild(failuresSection());
  cataloguePlot(overview.plot);
  data.models.forEach(function (m, i) { drawModel(m, models[i]); });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  // After the first frame has been drawn: show any error on the page, and mark it finished for the browser test.
  function finish() {
    if (window.reportErrors.length) {
      var box = document.getElementById('report-errors');
      box.hidden = false;
      box.textContent = 'This page hit errors while drawing: ' + window.reportErrors.join('; ');
    }
    document.body.setAttribute('data-errors', String(window.reportErrors.length));
    document.body.setAttribute('data-ready', 'true');
  }
  requestAnimationFrame(function () { setTimeout(finish, 0); });
})();
