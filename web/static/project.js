// The map of a 小区's renovation: the covered buildings as dots on the
// offline base layer (or on tiles when the server has a tile URL;
// civicmap.js), so it works with no network. Everything comes from #project-map's data-map.
(function () {
  'use strict';
  var el = document.getElementById('project-map');
  if (!el || !window.civicMap) {
    return;
  }
  var d;
  try {
    d = JSON.parse(el.dataset.map || '{}');
  } catch (e) {
    return;
  }
  var map = civicMap(el, { leaflet: { scrollWheelZoom: false }, grids: false });
  var pts = (d.points || []).map(function (p) { return [p[1], p[0]]; });
  pts.forEach(function (p) {
    L.circleMarker(p, { radius: 7, color: '#b5462b', weight: 2, fillColor: '#e8735a', fillOpacity: 0.85 }).addTo(map);
  });
  if (pts.length > 1) {
    map.fitBounds(L.latLngBounds(pts).pad(0.3));
  } else if (d.center && (d.center[0] || d.center[1])) {
    map.setView([d.center[1], d.center[0]], 17);
  }
})();
