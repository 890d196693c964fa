// Astreinte pages: countdowns, and the supervisor's board refreshing itself. Plain JavaScript, no build.
(function () {
  'use strict';
  var loadedAt = Date.now();

  function pad(n) { return n < 10 ? '0' + n : '' + n; }

  function fill(pattern, values) {
    return (pattern || '').replace(/\{([a-z]+)\}/g, function (all, name) { return values.hasOwnProperty(name) ? values[name] : all; });
  }

  function tick() {
    var els = document.querySelectorAll('[data-deadline]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      // The server's clock, not the phone's: a demo server's clock is not today's.
      var now = Number(el.getAttribute('data-now')) + (Date.now() - loadedAt);
      var left = Math.round((Number(el.getAttribute('data-deadline')) - now) / 1000);
      var abs = Math.abs(left);
      // The words come from the page's template (config/web/), not from this file.
      var text = fill(el.getAttribute(abs >= 3600 ? 'data-duration-hours' : 'data-duration'),
        { h: '' + Math.floor(abs / 3600), mm: pad(Math.floor(abs % 3600 / 60)), ss: pad(abs % 60) });
      el.textContent = fill(el.getAttribute(left >= 0 ? 'data-left' : 'data-late'), { duree: text });
      el.classList.toggle('late', left < 0);
    }
  }

  function refresh() {
    var board = document.getElementById('board');
    if (!board) { return; }
    var active = document.activeElement;
    if (active && board.contains(active) && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA')) { return; }
    fetch(window.location.pathname, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('board');
        if (fresh) {
          board.innerHTML = fresh.innerHTML;
          loadedAt = Date.now();
          tick();
        }
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    tick();
    setInterval(tick, 1000);
    var board = document.getElementById('board');
    if (board) {
      setInterval(refresh, Number(board.getAttribute('data-refresh-seconds') || 5) * 1000);
    }
  });
})();
