// The dispatch board: the load map (grids coloured by their open orders,
// a dark border where some are overdue) and the inline dispatch forms,
// whose department list only applies when sending to a department.
(function () {
  'use strict';

  // --- inline forms ----------------------------------------------------
  // A disabled select is not submitted, so a grid or street target never
  // carries a department code. Without this script the code is simply
  // left at "choose".
  function syncTarget(form) {
    var level = form.querySelector('.dispatch-level');
    var code = form.querySelector('.dispatch-code');
    var co = form.querySelector('.dispatch-co');
    if (!level || !code) {
      return;
    }
    var dept = level.value === 'department';
    code.disabled = !dept;
    code.required = dept;
    // A street or grid target is the order's own: name it instead of a
    // greyed-out list.
    code.hidden = !dept;
    var fixed = form.querySelector('.dispatch-fixed');
    if (fixed) {
      var opt = level.selectedOptions[0];
      fixed.querySelector('strong').textContent = opt && opt.dataset.name ? opt.dataset.name : '';
      fixed.hidden = dept;
    }
    if (co) {
      co.hidden = !dept;
      co.querySelectorAll('input').forEach(function (i) { i.disabled = !dept; });
    }
  }
  document.querySelectorAll('form.dispatch-form').forEach(function (form) {
    syncTarget(form);
    form.querySelector('.dispatch-level').addEventListener('change', function () { syncTarget(form); });
  });

  // --- load map ---------------------------------------------------------
  var el = document.getElementById('load-map');
  if (!el || !window.civicMap) {
    return;
  }
  var ds = el.dataset;
  // No zoom or fade animations: the board re-renders around the map after
  // each step, and an animation frame that runs while the container has no
  // size computes a NaN centre and throws.
  var map = civicMap(el, { leaflet: { zoomAnimation: false, fadeAnimation: false } });

  // The same steps as the legend (dispatch.css .load-N).
  var fills = ['#eef2f5', '#fde2b8', '#f7b267', '#f4845f', '#c8324a'];
  function step(open) {
    if (open <= 0) { return 0; }
    if (open === 1) { return 1; }
    if (open <= 3) { return 2; }
    if (open <= 6) { return 3; }
    return 4;
  }
  function style(f) {
    var p = f.properties;
    var late = p.overdue > 0;
    return {
      color: late ? '#7a1a12' : '#ffffff', weight: late ? 2.5 : 1, opacity: 0.95,
      fillColor: fills[step(p.open)], fillOpacity: 0.8,
      className: 'grid load-grid grid-' + p.code + (late ? ' has-overdue' : '')
    };
  }
  function message(text) {
    var p = document.createElement('p');
    p.className = 'map-message';
    p.textContent = text;
    el.parentNode.insertBefore(p, el.nextSibling);
  }

  civicMap.json(ds.geojson)
    .then(function (fc) {
      var open = 0;
      var dots = [];
      var layer = L.geoJSON(fc, {
        style: style,
        onEachFeature: function (f, l) {
          var p = f.properties;
          open += p.open;
          var tip = p.name + ' · ' + ds.labelOpen + ' ' + p.open;
          if (p.overdue > 0) {
            tip += ' · ' + ds.labelOverdue + ' ' + p.overdue;
          }
          l.bindTooltip(tip, { sticky: true, direction: 'top' });
          if (p.open > 0) {
            dots.push({ layer: l, props: p, tip: tip });
          }
        }
      }).addTo(map);
      // A district has hundreds of small grids: a dot sized by the count
      // marks each grid with work, so it shows at the district zoom.
      dots.forEach(function (d) {
        var late = d.props.overdue > 0;
        L.circleMarker(d.layer.getBounds().getCenter(), {
          radius: 5 + 2 * Math.sqrt(d.props.open), weight: late ? 3 : 1.5, color: late ? '#7a1a12' : '#ffffff',
          fillColor: fills[Math.max(step(d.props.open), 2)], fillOpacity: 0.95,
          className: 'load-dot dot-' + d.props.code + (late ? ' has-overdue' : '')
        }).bindTooltip(d.tip, { direction: 'top' }).addTo(map);
      });
      el.dataset.grids = String(fc.features.length);
      el.dataset.open = String(open);
      if (!fc.features.length) {
        message(ds.labelNogrids);
        return;
      }
      if (el.clientWidth > 0 && el.clientHeight > 0) {
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      }
    })
    .catch(function () {
      el.dataset.grids = '0';
      message(ds.labelError);
    });
})();
