// The leaders' dashboards: the trend and category charts (ECharts), the
// grid choropleth (Leaflet) and clickable ranking rows. Everything comes
// from data- attributes the server wrote in the page language, or from the
// page's GeoJSON endpoint; nothing needs the network beyond this site.
(function () {
  'use strict';

  function data(el, name) {
    try {
      return JSON.parse(el.dataset[name] || 'null');
    } catch (e) {
      return null;
    }
  }

  var charts = [];
  // Tooltips are drawn on the canvas (renderMode richText): ECharts' HTML
  // tooltips carry inline styles, which the page's CSP refuses.
  var tooltip = { renderMode: 'richText' };

  // --- trend --------------------------------------------------------------
  var trendEl = document.getElementById('measures-trend');
  var trend = trendEl && data(trendEl, 'trend');
  if (trendEl && trend && window.echarts) {
    var tc = echarts.init(trendEl);
    var tds = trendEl.dataset;
    tc.setOption({
      animation: false,
      color: ['#1d70b8', '#1a7f37'],
      tooltip: Object.assign({ trigger: 'axis' }, tooltip),
      legend: { top: 0, data: [tds.labelReceived, tds.labelResolved] },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category', boundaryGap: false, data: trend.dates,
        axisLabel: { formatter: function (v) { return v.slice(5); } }
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: tds.labelReceived, type: 'line', data: trend.received, symbolSize: 5 },
        { name: tds.labelResolved, type: 'line', data: trend.resolved, symbolSize: 5 }
      ]
    });
    charts.push(tc);
    trendEl.dataset.drawn = '1';
  }

  // --- category mix -------------------------------------------------------
  var mixEl = document.getElementById('measures-mix');
  var mix = mixEl && data(mixEl, 'mix');
  if (mixEl && mix && window.echarts) {
    if (mix.length === 0) {
      var p = document.createElement('p');
      p.className = 'hint';
      p.textContent = mixEl.dataset.labelEmpty;
      mixEl.classList.add('empty');
      mixEl.appendChild(p);
    } else {
      // Largest first, top down.
      mix.sort(function (a, b) { return a.value - b.value; });
      var mc = echarts.init(mixEl);
      mc.setOption({
        animation: false,
        color: ['#1d70b8'],
        tooltip: Object.assign({ trigger: 'item' }, tooltip),
        grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: mix.map(function (m) { return m.name; }) },
        series: [{
          name: mixEl.dataset.labelReceived, type: 'bar', data: mix.map(function (m) { return m.value; }),
          label: { show: true, position: 'right' }, cursor: 'pointer', barMaxWidth: 28
        }]
      });
      mc.on('click', function (e) {
        var m = mix[e.dataIndex];
        if (m && m.href) {
          window.location.href = m.href;
        }
      });
      charts.push(mc);
    }
    mixEl.dataset.drawn = '1';
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });

  // --- ranking rows open their unit's dashboard ----------------------------
  document.querySelectorAll('table.measures-rank tr[data-href]').forEach(function (tr) {
    tr.addEventListener('click', function (e) {
      if (!e.target.closest('a')) {
        window.location.href = tr.dataset.href;
      }
    });
  });

  // --- choropleth -----------------------------------------------------------
  var mapEl = document.getElementById('measures-map');
  if (!mapEl || !window.civicMap) {
    return;
  }
  var ds = mapEl.dataset;
  var map = civicMap(mapEl);

  // No orders: a pale grey; the classes: ColorBrewer OrRd, whose lightest
  // step still stands out from the grey on small city grids.
  var noData = '#dde2e7';
  var oranges = ['#fdbb84', '#fc8d59', '#ef6548', '#d7301f', '#990000'];
  var legendEl = document.getElementById('measures-legend');
  var layer = null;
  var fitted = false;

  function message(text) {
    var p = mapEl.parentNode.querySelector('.map-message');
    if (!p) {
      p = document.createElement('p');
      p.className = 'map-message';
      mapEl.parentNode.insertBefore(p, mapEl.nextSibling);
    }
    p.textContent = text;
  }

  // classes are [lower, upper, label] ranges; a value falls in the first
  // whose upper bound holds it.
  function loadClasses(max) {
    var out = [];
    var step = Math.max(1, Math.ceil(max / oranges.length));
    for (var i = 0; i < oranges.length; i++) {
      var lo = i * step + 1;
      var hi = (i + 1) * step;
      if (lo > max) {
        break;
      }
      out.push({ upper: hi, label: lo === hi ? String(lo) : lo + '–' + hi, colour: oranges[i] });
    }
    return out;
  }
  var overdueClasses = [
    { upper: 0, label: '0%', colour: '#a1d99b' }, // nothing overdue: green
    { upper: 0.1, label: '≤10%', colour: oranges[1] },
    { upper: 0.25, label: '10–25%', colour: oranges[2] },
    { upper: 0.5, label: '25–50%', colour: oranges[3] },
    { upper: 1, label: '>50%', colour: oranges[4] }
  ];
  overdueClasses.zeroIsData = true;
  // 走访完成率 (by=visits): a low rate is the bad end.
  var visitClasses = [
    { upper: 0.6, label: '<60%', colour: oranges[4] },
    { upper: 0.8, label: '60–80%', colour: oranges[3] },
    { upper: 0.95, label: '80–95%', colour: oranges[0] },
    { upper: 1, label: '≥95%', colour: '#a1d99b' }
  ];
  visitClasses.zeroIsData = true;
  // 出租房 and 流动人口 shares (by=rented, by=floating): more is darker.
  var shareClasses = [
    { upper: 0.1, label: '≤10%', colour: oranges[0] },
    { upper: 0.25, label: '10–25%', colour: oranges[1] },
    { upper: 0.5, label: '25–50%', colour: oranges[3] },
    { upper: 1, label: '>50%', colour: oranges[4] }
  ];
  shareClasses.zeroIsData = true;
  var careLayers = { visits: visitClasses, rented: shareClasses, floating: shareClasses };

  function colourOf(classes, v) {
    if (v === null || v === undefined || (!classes.zeroIsData && v === 0)) {
      return noData;
    }
    for (var i = 0; i < classes.length; i++) {
      if (v <= classes[i].upper + 1e-9) {
        return classes[i].colour;
      }
    }
    return classes[classes.length - 1].colour;
  }

  function legend(classes) {
    legendEl.textContent = '';
    var items = classes.concat([{ label: ds.labelNodata, colour: noData }]);
    items.forEach(function (c) {
      var li = document.createElement('li');
      var sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.backgroundColor = c.colour;
      li.append(sw, c.label);
      legendEl.appendChild(li);
    });
  }

  function valueText(by, f) {
    if (careLayers[by]) {
      return f.value === null ? ds.labelNodata : (f.value * 100).toFixed(1) + '% (' + f.part + '/' + f.whole + ')';
    }
    if (by === 'overdue') {
      return f.overdue === null ? ds.labelNodata : (f.overdue * 100).toFixed(1) + '% (' + (f.late) + '/' + f.due + ')';
    }
    return String(f.received);
  }

  function draw(by) {
    var url = ds.geojson.replace(/([?&])by=[^&]*/, '$1by=' + by);
    mapEl.dataset.by = by;
    delete mapEl.dataset.drawn;
    civicMap.json(url)
      .then(function (fc) {
        if (layer) {
          map.removeLayer(layer);
        }
        var max = 0;
        fc.features.forEach(function (f) { max = Math.max(max, f.properties.received); });
        var classes = by === 'overdue' ? overdueClasses : careLayers[by] || loadClasses(max);
        var label = by === 'overdue' ? ds.labelOverdue : by === 'load' ? ds.labelLoad : mapEl.getAttribute('data-label-' + by);
        layer = L.geoJSON(fc, {
          style: function (f) {
            return {
              color: '#ffffff', weight: 1, opacity: 0.9, fillOpacity: 0.8,
              fillColor: colourOf(classes, f.properties.value),
              className: 'grid grid-' + f.properties.code
            };
          },
          onEachFeature: function (f, l) {
            var tip = document.createElement('span');
            tip.textContent = f.properties.name + ' · ' + label + ' ' + valueText(by, f.properties);
            l.bindTooltip(tip, { sticky: true });
            l.on('click', function () { window.location.href = f.properties.href; });
          }
        }).addTo(map);
        legend(classes);
        if (fc.features.length === 0) {
          message(ds.labelNogrids);
        } else if (!fitted) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
          fitted = true;
        }
        mapEl.dataset.grids = String(fc.features.length);
        mapEl.dataset.drawn = '1';
      })
      .catch(function () {
        message(ds.labelError);
      });
  }

  document.querySelectorAll('#measures-map-by input[name="map-by"]').forEach(function (input) {
    input.addEventListener('change', function () {
      if (input.checked) {
        draw(input.value);
      }
    });
  });
  var checked = document.querySelector('#measures-map-by input[name="map-by"]:checked');
  draw(checked ? checked.value : 'load');
})();
