/* sitegen search: reads the static index in search/data/ (see sitegen/search/index.py
   for its format) and lists the projects that contain every word of the query.
   Plain JavaScript, no dependencies; every fetch is relative to the search page. */
(function () {
  'use strict';

  var app = document.getElementById('search-app');
  var form = document.getElementById('search-form');
  if (!app || !form || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var pagers = [document.getElementById('search-pages-top'), document.getElementById('search-pages')];
  var download = document.getElementById('search-download');
  var D = app.dataset;
  var BASE = new URL(D.index, location.href);
  var SHARDS = +D.shards, AMOUNT_CHUNK = +D.amountChunk, RECORDS = +D.records;
  var ROOT = D.root, VERSION = D.version;
  var PAGE = 20, WEIGHT = [8, 4, 2, 1], FILTER = '\u0001';
  // The words: from the page (search.html), so a theme can reword them.
  var MSG = JSON.parse(document.getElementById('search-messages').textContent);
  function say(key, values) {
    return MSG[key].replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  // The pager's words are the listing pages' (pager.*), so both read alike.
  var PAGER = JSON.parse(document.getElementById('search-pager-messages').textContent);
  function pagerSay(key, values) { return PAGER[key].replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
  var PARAMS = ['q', 'year', 'department', 'category', 'min', 'max', 'sort', 'page'];

  // The same character classes as sitegen/search/terms.py.
  var CJK = '\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff' +
            '\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3ffff}';
  var TOKEN = new RegExp('([' + CJK + ']+)|((?:(?![' + CJK + '])[\\p{L}\\p{N}])+)', 'gu');

  function fold(s) { return s.normalize('NFKC').toLowerCase(); }

  function tokens(folded) {
    var out = [], seen = {}, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(folded))) {
      var t = m[1] ? {cjk: true, text: m[1]} : {cjk: false, text: m[2]};
      if (!seen[t.cjk + t.text]) { seen[t.cjk + t.text] = 1; out.push(t); }
    }
    return out;
  }

  // (offset, bigram) pairs that pin a run of three or more characters (terms.cover).
  function cover(chars) {
    var out = [], n = chars.length, k;
    for (k = 0; k < n - 1; k += 2) out.push([k, chars[k] + chars[k + 1]]);
    if (n % 2) out.push([n - 2, chars[n - 2] + chars[n - 1]]);
    return out;
  }

  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    CRC[n] = c;
  }
  var utf8 = new TextEncoder();
  function crc32(s) {
    var b = utf8.encode(s), c = -1;
    for (var i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 255] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  // Index files: fetched once, parsed, kept.
  var files = new Map();
  function load(path) {
    var p = files.get(path);
    if (!p) {
      p = fetch(new URL(path + '?v=' + VERSION, BASE)).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + path);
        return r.json();
      });
      files.set(path, p);
      p.catch(function () { files.delete(path); });
    }
    return p;
  }

  // A term's entry, never an Object property ('constructor', '__proto__').
  function own(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  function undelta(list) {
    var out = new Array(list.length), v = 0;
    for (var i = 0; i < list.length; i++) out[i] = v += list[i];
    return out;
  }

  // A term -> {lists: [numbers per class], places: [positions per class] | null}, or null.
  function term(t, withPlaces) {
    return load('s/' + crc32(t) % SHARDS + '.json').then(function (shard) {
      var e = own(shard.t, t);
      if (e === undefined) return null;
      var heavy = typeof e === 'string';
      return Promise.all([
        heavy ? load('h/' + e + '.json') : e,
        withPlaces ? (heavy ? load('hp/' + e + '.json') : own(shard.p, t) || []) : null
      ]).then(function (x) { return {lists: x[0].map(undelta), places: x[1]}; });
    });
  }

  // A token -> Map(project number -> best field class), or an empty Map.
  function match(tok) {
    var chars = Array.from(tok.text);
    if (!tok.cjk || chars.length < 3) {
      return term(tok.text, false).then(function (e) {
        var best = new Map();
        if (e) e.lists.forEach(function (docs, c) {
          for (var i = 0; i < docs.length; i++) if (!best.has(docs[i])) best.set(docs[i], c);
        });
        return best;
      });
    }
    var pins = cover(chars);
    return Promise.all(pins.map(function (p) { return term(p[1], true); })).then(function (es) {
      var best = new Map();
      if (es.some(function (e) { return !e; })) return best;
      for (var c = 0; c < 4; c++) {
        // For each pin: Map(project -> its positions in class c).
        var at = es.map(function (e) {
          var m = new Map(), docs = e.lists[c] || [], places = e.places[c] || [];
          for (var i = 0; i < docs.length; i++) {
            var a = m.get(docs[i]);
            if (a) a.push(places[i]); else m.set(docs[i], [places[i]]);
          }
          return m;
        });
        at[0].forEach(function (starts, doc) {
          if (best.has(doc)) return;
          var found = starts.some(function (p) {
            return pins.every(function (pin, j) {
              var a = at[j].get(doc);
              return a !== undefined && a.indexOf(p + pin[0]) >= 0;
            });
          });
          if (found) best.set(doc, c);
        });
      }
      return best;
    });
  }

  function filterSet(t) {
    return term(FILTER + t, false).then(function (e) { return new Set(e ? e.lists[0] : []); });
  }

  // The first project number whose amount satisfies pred, pred turning true once
  // along the descending amounts.
  function boundary(pred) {
    return load('a/top.json').then(function (top) {
      var k = 0;
      while (k < top.length && !pred(top[k])) k++;
      if (k === 0) return 0;
      return load('a/' + (k - 1) + '.json').then(function (chunk) {
        var i = 0;
        while (i < chunk.length && !pred(chunk[i])) i++;
        return (k - 1) * AMOUNT_CHUNK + i;
      });
    });
  }

  // An amount as typed ('100000', '1,250,000.00', '100万', '1.5亿元') -> exact fen
  // (integer arithmetic, never a float); null when empty, NaN when not an amount.
  var AMOUNT = /^(\d+)(?:\.(\d*))?(万|亿)?元?$/;
  function cents(s) {
    s = fold(s || '').replace(/[,\s]/g, '');
    if (!s) return null;
    var m = AMOUNT.exec(s);
    if (!m) return NaN;
    var shift = 2 + (m[3] === '亿' ? 8 : m[3] === '万' ? 4 : 0), frac = m[2] || '';
    if (/[1-9]/.test(frac.slice(shift))) return NaN;  // finer than a fen
    var digits = (m[1] + (frac + '0'.repeat(shift)).slice(0, shift)).replace(/^0+(?=\d)/, '');
    return digits.length > 15 ? NaN : +digits;
  }

  // Fen -> '1,000,000.00', as the site shows amounts.
  function money(fen) {
    var s = String(fen).padStart(3, '0');
    return s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + s.slice(-2);
  }

  function readForm() {
    var st = {};
    PARAMS.forEach(function (p) { st[p] = form.elements[p] ? form.elements[p].value.trim() : ''; });
    st.page = '';  // a new question starts at its first page
    return st;
  }

  // The whole query -> sorted project numbers (best first).
  function search(st) {
    var toks = tokens(fold(st.q));
    var parts = toks.map(match);
    var sets = [];
    if (st.year) sets.push(filterSet('y' + st.year));
    if (st.department) sets.push(filterSet('d' + st.department));
    if (st.category) sets.push(filterSet('c' + st.category));
    var min = cents(st.min), max = cents(st.max);
    var range = Promise.all([
      max === null ? 0 : boundary(function (a) { return a <= max; }),
      min === null ? +D.docs : boundary(function (a) { return a < min; })
    ]);
    return Promise.all([Promise.all(parts), Promise.all(sets), range]).then(function (r) {
      var maps = r[0], filters = r[1], lo = r[2][0], hi = r[2][1];
      var scored = [];
      var keep = function (doc) {
        if (doc < lo || doc >= hi) return false;
        for (var i = 0; i < filters.length; i++) if (!filters[i].has(doc)) return false;
        return true;
      };
      if (maps.length) {
        maps.sort(function (a, b) { return a.size - b.size; });
        maps[0].forEach(function (c0, doc) {
          var score = WEIGHT[c0];
          for (var i = 1; i < maps.length; i++) {
            var c = maps[i].get(doc);
            if (c === undefined) return;
            score += WEIGHT[c];
          }
          if (keep(doc)) scored.push([score, doc]);
        });
      } else if (filters.length) {
        filters.sort(function (a, b) { return a.size - b.size; });
        filters[0].forEach(function (doc) { if (keep(doc)) scored.push([0, doc]); });
      } else {
        for (var d = lo; d < hi; d++) scored.push([0, d]);
      }
      scored.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      return {docs: scored.map(function (s) { return s[1]; }), tokens: toks};
    });
  }

  // Text folded for matching, with the original index of every folded unit.
  function folding(text) {
    var s = fold(text), map = [];
    if (s.length === text.length) {  // the usual case: folding maps unit to unit
      for (var i0 = 0; i0 <= text.length; i0++) map.push(i0);
      return {s: s, map: map};
    }
    s = '';
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch);
      for (var j = 0; j < f.length; j++) map.push(i);
      s += f;
      i += ch.length;
    }
    map.push(text.length);
    return {s: s, map: map};
  }

  // [start, end) ranges of text where a token occurs, merged, in order.
  function hits(text, toks) {
    var f = folding(text), r = [];
    toks.forEach(function (t) {
      for (var i = f.s.indexOf(t.text); i >= 0; i = f.s.indexOf(t.text, i + 1)) {
        r.push([f.map[i], f.map[i + t.text.length]]);
      }
    });
    r.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    r.forEach(function (h) {
      var last = out[out.length - 1];
      if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]); else out.push(h);
    });
    return out;
  }

  // Append text[from, to) to el, with the hits inside it in <mark>.
  function marked(el, text, toks, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    var pos = from;
    hits(text, toks).forEach(function (h) {
      var a = Math.max(h[0], from), b = Math.min(h[1], to);
      if (a >= b || a < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, a)));
      var m = document.createElement('mark');
      m.textContent = text.slice(a, b);
      el.appendChild(m);
      pos = b;
    });
    el.appendChild(document.createTextNode(text.slice(pos, to)));
    return el;
  }

  // A snippet: the matching indicator names; else the goal (or the implementing
  // unit) around the first hit; else the start of the goal.
  function snippet(rec, toks) {
    var p = document.createElement('p');
    p.className = 'result-snippet';
    var names = rec.x[0].split('\n').filter(function (line) { return hits(line, toks).length; });
    if (names.length) {
      p.appendChild(document.createTextNode(MSG.indicators));
      names.slice(0, 3).forEach(function (line, i) {
        if (i) p.appendChild(document.createTextNode(MSG.separator));
        marked(p, line, toks);
      });
      if (names.length > 3) p.appendChild(document.createTextNode(MSG.ellipsis));
      return p;
    }
    // The body's fields are apart by a blank line (search/text.py PARTS): cut from the
    // one that matched, else from the first (the goal).
    var parts = rec.x[2].split('\n\n');
    var text = (parts.filter(function (part) { return hits(part, toks).length; })[0] || parts[0])
      .replace(/\s*\n\s*/g, ' ');
    var unit = rec.x[1].split('\n')[1];
    if (!hits(text, toks).length && unit && hits(unit, toks).length) text = MSG.unit + unit;
    var h = hits(text, toks);
    var start = h.length ? Math.max(0, h[0][0] - 30) : 0, end = Math.min(text.length, start + 110);
    if (start) p.appendChild(document.createTextNode(MSG.ellipsis));
    marked(p, text, toks, start, end);
    if (end < text.length) p.appendChild(document.createTextNode(MSG.ellipsis));
    return p;
  }

  function item(rec, toks) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = ROOT + rec.u;
    a.className = 'result-title';
    li.appendChild(marked(a, rec.t, toks));
    var meta = document.createElement('p');
    meta.className = 'result-meta';
    [rec.d, say('year', {year: rec.y}), rec.c].forEach(function (s) {
      var span = document.createElement('span');
      span.textContent = s;
      meta.appendChild(span);
    });
    var amount = document.createElement('span');
    amount.className = 'num';
    amount.textContent = say('amount', {amount: rec.a});
    meta.appendChild(amount);
    li.appendChild(meta);
    li.appendChild(snippet(rec, toks));
    return li;
  }

  // data/projects.csv, fetched once when a reader sorts or downloads, each row kept as
  // the raw text it is in the file, so a download repeats the file's own rows. The file
  // lists the projects in the site's index order; the search numbers them by amount,
  // largest first, then that order (sitegen/search/index.py search_order): the rows
  // are put in that order, row n being project number n.
  var table = null;
  function csvRows(text) {
    var rows = [], i = 0, n = text.length;
    while (i < n) {
      var start = i, cells = [], cell = '', quoted = false;
      for (;;) {
        var ch = text[i];
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; }
          else if (ch === '"') { quoted = false; i++; }
          else if (i >= n) throw new Error('CSV');
          else { cell += ch; i++; }
        } else if (ch === '"') { quoted = true; i++; }
        else if (ch === ',') { cells.push(cell); cell = ''; i++; }
        else if (i >= n || ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
          cells.push(cell);
          rows.push({raw: text.slice(start, i), cells: cells});
          i += ch === '\r' ? 2 : 1;
          break;
        } else { cell += ch; i++; }
      }
    }
    return rows;
  }
  function loadTable() {
    if (!table) {
      table = fetch(D.csv).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
        return r.text();
      }).then(function (text) {
        var rows = csvRows(text.replace(/^\ufeff/, ''));
        var head = rows.shift();
        if (rows.length !== +D.docs) throw new Error('data/projects.csv');
        var col = {};
        head.cells.forEach(function (name, k) { col[name] = k; });
        var numbered = rows.map(function (_, i) { return i; }).sort(function (a, b) {
          return bigger(rows[b].cells[col.requested], rows[a].cells[col.requested]) || a - b;
        });
        return {head: head, rows: numbered.map(function (i) { return rows[i]; }), col: col};
      });
      table.catch(function () { table = null; });
    }
    return table;
  }

  // Project numbers in the reader's order; ties keep the index order.
  var COLLATE = new Intl.Collator(document.documentElement.lang || 'zh-CN');
  function bigger(a, b) {  // two amounts as the CSV writes them ('6491700.00'): exact
    return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  }
  // Each order: the CSV column, how two of its cells compare, and which way (-1: largest first).
  var ORDER = {
    amount_desc: ['requested', bigger, -1], amount_asc: ['requested', bigger, 1],
    title: ['title', COLLATE.compare, 1], department: ['department', COLLATE.compare, 1],
    year: ['year', function (a, b) { return a - b; }, -1]
  };
  function ordered(run, sort) {
    if (!ORDER[sort]) return Promise.resolve(run);
    var col = ORDER[sort][0], compare = ORDER[sort][1], way = ORDER[sort][2];
    return loadTable().then(function (t) {
      var k = t.col[col];
      run.docs = run.docs.slice().sort(function (a, b) {
        return way * compare(t.rows[a].cells[k], t.rows[b].cells[k]) || a - b;
      });
      return run;
    });
  }

  // Exactly the listed projects, in their order, as data/projects.csv writes them.
  function downloadRows() {
    var run = current;
    if (!run) return;
    loadTable().then(function (t) {
      var text = '\ufeff' + [t.head].concat(run.docs.map(function (n) { return t.rows[n]; }))
        .map(function (row) { return row.raw + '\r\n'; }).join('');
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
      a.download = 'projects-selected.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    }).catch(function (err) {
      status.textContent = say('download_failed', {error: err.message});
    });
  }

  var current = null, serial = 0;
  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }

  // Page `number` of the results: its records fetched together, each shown as soon as it
  // and those before it have arrived.
  function showPage(number, focus) {
    var run = current, from = (number - 1) * PAGE, shown = Promise.resolve();
    list.textContent = '';
    list.start = from + 1;
    run.docs.slice(from, from + PAGE).forEach(function (n, i) {
      var rec = load('d/' + Math.floor(n / RECORDS) + '.json').then(function (f) { return f[n % RECORDS]; });
      shown = shown.then(function () { return rec; }).then(function (r) {
        if (run !== current) return;
        list.appendChild(item(r, run.tokens));
        if (!i) mark('sitegen-search-first');
        if (focus && !i) list.children[0].querySelector('a').focus();
      });
    });
    return shown;
  }

  // Links between the pages, as the listing pages have them (sitegen/views.py
  // pagination): first, last, and two either side of this one.
  function drawPagers(run, number, st) {
    var pages = Math.ceil(run.docs.length / PAGE);
    pagers.forEach(function (nav) {
      nav.textContent = '';
      nav.hidden = pages < 2;
      if (pages < 2) return;
      var p = document.createElement('p');
      p.textContent = pagerSay('page_of', {number: number, pages: pages});
      var ul = document.createElement('ul');
      function link(k, text, rel) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = '?' + query(st, k);
        a.textContent = text;
        a.dataset.page = k;
        if (rel) a.rel = rel;
        if (k === number && !rel) a.setAttribute('aria-current', 'page');
        li.appendChild(a);
        ul.appendChild(li);
      }
      if (number > 1) link(number - 1, PAGER.prev, 'prev');
      var last = 0;
      for (var k = 1; k <= pages; k++) {
        if (k !== 1 && k !== pages && Math.abs(k - number) > 2) continue;
        if (k - last > 1) {
          var gap = document.createElement('li');
          gap.setAttribute('aria-hidden', 'true');
          gap.textContent = '\u2026';
          ul.appendChild(gap);
        }
        link(k, String(k));
        last = k;
      }
      if (number < pages) link(number + 1, PAGER.next, 'next');
      nav.appendChild(p);
      nav.appendChild(ul);
    });
  }

  function query(st, page) {
    var params = new URLSearchParams();
    PARAMS.forEach(function (p) {
      var v = p === 'page' ? (page > 1 ? String(page) : '') : st[p];
      if (v) params.set(p, v);
    });
    return params.toString();
  }

  // What was asked, in words: “餐饮”（2024年度、机关服务）.
  function describe(st) {
    var min = cents(st.min), max = cents(st.max);
    var f = [st.year && say('year', {year: st.year}), st.department, st.category,
             (min !== null || max !== null) &&
             say('range', {min: money(min || 0), max: max === null ? MSG.any : money(max)})];
    f = f.filter(Boolean).join(MSG.and);
    if (!st.q) return f;
    var q = say('quoted', {q: st.q});
    return f ? q + say('within', {filters: f}) : q;
  }

  function hideResults() {
    current = null;
    list.textContent = '';
    download.hidden = true;
    pagers.forEach(function (nav) { nav.hidden = true; nav.textContent = ''; });
  }

  var focusNext = false;  // a reader who chose a page goes on at its first result
  function update(st) {
    var id = ++serial;
    var qs = query(st, +st.page || 1);
    history.replaceState(null, '', qs ? '?' + qs : location.pathname);
    var refused = ['min', 'max'].filter(function (p) {
      var bad = isNaN(cents(st[p]));
      if (form.elements[p]) form.elements[p].setAttribute('aria-invalid', String(bad));
      return bad;
    });
    if (refused.length) {  // said, never silently ignored
      hideResults();
      status.textContent = say('not_an_amount', {text: st[refused[0]]});
      app.setAttribute('data-state', 'refused');
      return Promise.resolve();
    }
    if (!tokens(fold(st.q)).length && !st.year && !st.department && !st.category && !ORDER[st.sort] &&
        cents(st.min) === null && cents(st.max) === null) {
      hideResults();
      status.textContent = st.q ? MSG.nothing_to_search : '';
      app.setAttribute('data-state', 'idle');
      return Promise.resolve();
    }
    app.setAttribute('data-state', 'busy');
    mark('sitegen-search-start');
    return search(st).then(function (run) { return ordered(run, st.sort); }).then(function (run) {
      if (id !== serial) return;
      current = run;
      run.state = st;
      var n = run.docs.length, pages = Math.max(1, Math.ceil(n / PAGE));
      var number = Math.min(Math.max(1, Math.floor(+st.page) || 1), pages);
      var order = MSG['order_' + (ORDER[st.sort] ? st.sort : 'relevance')];
      download.hidden = !n;
      status.textContent = say(!n ? 'none' : pages > 1 ? 'found_page' : 'found',
                               {count: n, what: describe(st), order: order, number: number, pages: pages,
                                first: (number - 1) * PAGE + 1, last: Math.min(n, number * PAGE)});
      drawPagers(run, number, st);
      return showPage(number, focusNext);
    }).then(function () {
      if (id !== serial) return;
      app.setAttribute('data-state', 'done');
      mark('sitegen-search-results');
    }).catch(function (err) {
      if (id !== serial) return;
      status.textContent = say('failed', {error: err.message});
      app.setAttribute('data-state', 'error');
    });
  }

  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { update(readForm()); }, 200);
  }
  form.addEventListener('input', function (e) {
    if (e.target.tagName === 'SELECT') return;
    later();
  });
  form.addEventListener('change', function (e) {
    if (e.target.tagName === 'SELECT') { clearTimeout(timer); update(readForm()); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    update(readForm());
  });
  pagers.forEach(function (nav) {
    nav.addEventListener('click', function (e) {
      var a = e.target.closest('a[data-page]');
      if (!a || !current || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      var st = Object.assign({}, current.state, {page: a.dataset.page});
      history.pushState(null, '', '?' + query(st, +st.page));
      focusNext = true;
      update(st).then(function () { focusNext = false; });
    });
  });
  // Back and forward between pages of results: the address holds the whole question.
  window.addEventListener('popstate', function () { fromAddress(); update(stateFromAddress()); });
  download.addEventListener('click', downloadRows);

  // The filters' lists in the reader's alphabetical order (pinyin for Chinese), the
  // "all" choice first.
  ['department', 'category'].forEach(function (p) {
    var el = form.elements[p];
    if (!el) return;
    var options = Array.prototype.slice.call(el.options, 1);
    options.sort(function (a, b) { return COLLATE.compare(a.value, b.value); });
    options.forEach(function (o) { el.appendChild(o); });
  });

  // For tests, benchmarks and the curious: the tokenizer and hash the index was built
  // with, and the query itself (-> project numbers, best first).
  window.sitegenSearch = {
    fold: fold, tokens: tokens, cover: cover, crc32: crc32,
    search: function (st) {
      var full = {};
      PARAMS.forEach(function (p) { full[p] = st[p] || ''; });
      return search(full).then(function (run) { return run.docs; });
    }
  };

  function fromAddress() {
    var given = new URLSearchParams(location.search);
    PARAMS.forEach(function (p) {
      var el = form.elements[p], v = given.get(p);
      if (!el) return;
      if (v === null) v = '';
      if (el.tagName === 'SELECT' && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) {
        el.appendChild(new Option(v, v));
      }
      el.value = v;
    });
  }
  function stateFromAddress() {
    var st = readForm();
    st.page = new URLSearchParams(location.search).get('page') || '';
    return st;
  }
  fromAddress();
  update(stateFromAddress());
})();
