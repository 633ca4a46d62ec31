// The grid maps: the grid polygons as a GeoJSON overlay on the offline
// base layer (or on tiles, when the server is configured with a tile URL;
// civicmap.js), so the map works with no network. Everything the script needs comes from
// data- attributes of #map, written by the server in the page language.
//
// data-mode="locate" (public home): a click tells which grid, community and
// street the point is in, asking /api/v1/locate.
// data-mode="panel" (admin grid map): a click on a grid, or a choice in the
// grid list, loads the grid's panel with htmx.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || !window.civicMap) {
    return;
  }
  var ds = el.dataset;
  var map = civicMap(el);

  // One colour per street (or per community, on a street's map), in the
  // order they first appear (by code).
  var colourBy = ds.colourBy || 'street_code';
  var palette = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#e15759', '#9c755f', '#86bcb6', '#d4a6c8'];
  var colours = {};
  var colourCount = 0;
  function colour(key) {
    if (!(key in colours)) {
      colours[key] = palette[colourCount % palette.length];
      colourCount++;
    }
    return colours[key];
  }
  function baseStyle(feature) {
    return {
      color: '#ffffff', weight: 1, opacity: 0.9,
      fillColor: colour(feature.properties[colourBy]), fillOpacity: 0.55,
      className: 'grid grid-' + feature.properties.code
    };
  }

  var byCode = {};
  var features = [];
  var selected = null;
  function select(layer) {
    if (selected) {
      selected.setStyle(baseStyle(selected.feature));
    }
    selected = layer;
    if (layer) {
      layer.setStyle({ color: '#102a43', weight: 3, fillColor: '#ffdd00', fillOpacity: 0.85 });
      layer.bringToFront();
    }
  }

  function message(text) {
    var p = el.parentNode.querySelector('.map-message');
    if (!p) {
      p = document.createElement('p');
      p.className = 'map-message';
      el.parentNode.insertBefore(p, el.nextSibling);
    }
    p.textContent = text;
  }

  // Point in polygon (even-odd over every ring, so holes count), to answer
  // "outside every grid" without asking the server.
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }
  function contains(geometry, x, y) {
    var polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (var p = 0; p < polys.length; p++) {
      var inside = false;
      for (var r = 0; r < polys[p].length; r++) {
        if (inRing(x, y, polys[p][r])) {
          inside = !inside;
        }
      }
      if (inside) {
        return true;
      }
    }
    return false;
  }
  function featureAt(latlng) {
    for (var i = 0; i < features.length; i++) {
      if (contains(features[i].geometry, latlng.lng, latlng.lat)) {
        return features[i];
      }
    }
    return null;
  }

  // --- locate mode ---------------------------------------------------
  var result = document.getElementById('locate-result');
  var pin = null;
  function line(label, text, code) {
    var p = document.createElement('p');
    var b = document.createElement('span');
    b.className = 'label';
    b.textContent = label;
    var v = document.createElement('strong');
    v.textContent = text;
    p.append(b, ' ', v);
    if (code) {
      var c = document.createElement('span');
      c.className = 'code';
      c.textContent = code;
      p.append(' ', c);
    }
    return p;
  }
  function locate(latlng) {
    if (pin) {
      pin.setLatLng(latlng);
    } else {
      pin = L.circleMarker(latlng, { radius: 6, color: '#102a43', weight: 2, fillColor: '#ffdd00', fillOpacity: 1, interactive: false }).addTo(map);
    }
    if (!featureAt(latlng)) {
      select(null);
      result.textContent = ds.labelOutside;
      return;
    }
    result.textContent = ds.labelLoading;
    var url = '/api/v1/locate?lat=' + latlng.lat.toFixed(6) + '&lng=' + latlng.lng.toFixed(6);
    fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      })
      .then(function (res) {
        if (!res.ok) {
          result.textContent = res.status === 404 ? ds.labelOutside : ds.labelError;
          return;
        }
        var b = res.body;
        var out = [line(ds.labelGrid, b.grid.name, b.grid.code)];
        if (b.community) {
          out.push(line(ds.labelCommunity, b.community.name));
        }
        if (b.street) {
          out.push(line(ds.labelStreet, b.street.name));
        }
        result.replaceChildren.apply(result, out);
        result.dataset.grid = b.grid.code;
        select(byCode[b.grid.code] || null);
      })
      .catch(function () {
        result.textContent = ds.labelError;
      });
  }

  // --- panel mode ----------------------------------------------------
  var picker = document.getElementById('grid-select');
  function openPanel(code) {
    if (window.htmx) {
      htmx.ajax('GET', ds.panelUrl + encodeURIComponent(code), { target: '#grid-panel', swap: 'innerHTML' });
    }
    if (picker) {
      picker.value = code;
    }
  }
  function choose(code, zoom) {
    var layer = byCode[code];
    if (!layer) {
      return;
    }
    select(layer);
    if (zoom) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
    }
  }

  civicMap.json(ds.geojson)
    .then(function (fc) {
      features = fc.features;
      var layer = L.geoJSON(fc, {
        style: baseStyle,
        onEachFeature: function (f, l) {
          byCode[f.properties.code] = l;
          l.bindTooltip(f.properties.name, { sticky: true, direction: 'top' });
          // A grid that listens to clicks takes them from the map (Leaflet
          // fires on the innermost listener), so each grid handles its own.
          if (ds.mode === 'panel') {
            l.on('click', function () {
              select(l);
              openPanel(f.properties.code);
            });
          } else if (result) {
            l.on('click', function (e) { locate(e.latlng); });
          }
        }
      }).addTo(map);
      el.dataset.grids = String(features.length);
      if (!features.length) {
        message(ds.labelNogrids);
        return;
      }
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      if (picker && picker.value) {
        choose(picker.value, true);
      }
    })
    .catch(function () {
      el.dataset.grids = '0';
      message(ds.labelError);
    });

  if (ds.mode === 'locate' && result) {
    map.on('click', function (e) { locate(e.latlng); });
    var centre = document.getElementById('locate-centre');
    if (centre) {
      centre.addEventListener('click', function () { locate(map.getCenter()); });
    }
  }
  if (ds.mode === 'panel' && picker) {
    picker.addEventListener('change', function () {
      if (picker.value) {
        choose(picker.value, true);
        openPanel(picker.value);
      }
    });
    picker.form.addEventListener('submit', function (e) {
      if (picker.value && window.htmx) {
        e.preventDefault();
        choose(picker.value, true);
        openPanel(picker.value);
      }
    });
  }
})();
