// civicMap(el, options): the one Leaflet set-up every map page uses.
//
// With a tile URL (the server's CIVICGRID_TILE_URL, written on this
// script tag as data-tile-url by the map-lib partial) the map draws those
// tiles. Without one it
// draws the base layer embedded in the binary (this script tag's
// data-basemap: roads, the river and place names as GeoJSON), so a map
// works with no network and a resident still finds a place by its roads
// and names. Either way a small legend says what is drawn; its texts are
// this script tag's data-legend-* attributes, in the page's language.
//
// options: leaflet (extra L.map options), view/zoom (the first view;
// default the whole country until the page fits its grids), legend (false
// to leave it out), grids (false: the map shows no grids, so the legend
// does not name them). Returns the L.Map.
//
// civicMap.of(el) is the map made on el. civicMap.json(url) fetches a JSON document (the grids' GeoJSON) and
// rejects on an HTTP error, as every map page needs.
(function () {
  'use strict';
  if (!window.L) {
    return;
  }
  var script = document.currentScript;
  var cfg = script ? script.dataset : {};
  var basemap = null; // one fetch per page, however many maps
  var maps = []; // [element, map] pairs, for civicMap.of

  function json(url) {
    return fetch(url, { headers: { Accept: 'application/geo+json, application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.json();
      });
  }

  // Line styles by road class: a grey casing under a light fill, as street
  // maps draw roads, so a road shows on the pale land and through the
  // grids' translucent fills. Main roads lie on top.
  var roadStyle = {
    lane: { casing: '#cdc6b9', color: '#ffffff', weight: 2.5 },
    road: { casing: '#bdb4a5', color: '#fffdf5', weight: 4 },
    named: { casing: '#bdb4a5', color: '#fff6d6', weight: 4.5 },
    main: { casing: '#c99a3c', color: '#f7d27a', weight: 6 }
  };
  var riverStyle = { color: '#8cc4e8', weight: 7, opacity: 0.95, lineCap: 'round' };
  var layerOrder = ['river', 'lane', 'road', 'named', 'main'];

  // Which labels show at a zoom: street names from afar, community names
  // closer, 小区 and road names when the blocks are large enough to read.
  function zoomClass(el, z) {
    el.classList.toggle('bm-far', z < 13);
    el.classList.toggle('bm-mid', z >= 13 && z < 15);
    el.classList.toggle('bm-near', z >= 15);
  }

  // declutter hides a label that would overlap one of higher rank (or
  // one drawn earlier of the same rank), so crowded names stay legible;
  // zooming in shows them again.
  var ranks = ['street', 'river', 'community', 'estate', 'road', 'building'];
  function declutter(el) {
    var all = Array.prototype.slice.call(el.querySelectorAll('.bm-label'));
    var rank = function (l) {
      for (var i = 0; i < ranks.length; i++) {
        if (l.classList.contains('bm-' + ranks[i])) {
          return i;
        }
      }
      return ranks.length;
    };
    all.sort(function (a, b) { return rank(a) - rank(b); });
    var shown = [];
    all.forEach(function (l) {
      l.classList.remove('bm-hidden');
      var span = l.firstChild;
      if (!span || !l.offsetParent) {
        return; // hidden at this zoom
      }
      var r = span.getBoundingClientRect();
      if (!r.width) {
        return;
      }
      for (var i = 0; i < shown.length; i++) {
        var s = shown[i];
        if (r.left < s.right + 2 && r.right > s.left - 2 && r.top < s.bottom + 1 && r.bottom > s.top - 1) {
          l.classList.add('bm-hidden');
          return;
        }
      }
      shown.push(r);
    });
  }

  function label(name, rank) {
    var span = document.createElement('span');
    span.textContent = name;
    return L.divIcon({ className: 'bm-label bm-' + rank, html: span, iconSize: null });
  }

  function drawBasemap(map, el) {
    if (!basemap) {
      basemap = json(cfg.basemap);
    }
    map.createPane('basemap').style.zIndex = 250; // above tiles, under the grids
    map.createPane('basemapLabels').style.zIndex = 450; // over the grids, under markers
    el.classList.add('bm-land');
    zoomClass(el, map.getZoom() || 0);
    map.on('zoomend', function () { zoomClass(el, map.getZoom()); });
    basemap.then(function (fc) {
      // Casings of every class first, then the fills, so crossings join.
      var kind = function (f) { return f.properties.layer === 'river' ? 'river' : f.properties.class; };
      var lines = fc.features.filter(function (f) { return f.properties.layer === 'road' || f.properties.layer === 'river'; });
      lines.sort(function (a, b) { return layerOrder.indexOf(kind(a)) - layerOrder.indexOf(kind(b)); });
      ['casing', 'fill'].forEach(function (part) {
        L.geoJSON({ type: 'FeatureCollection', features: lines }, {
          pane: 'basemap',
          interactive: false,
          filter: function (f) { return part === 'fill' || kind(f) !== 'river'; },
          style: function (f) {
            var k = kind(f);
            if (k === 'river') {
              return L.extend({ className: 'bm-river' }, riverStyle);
            }
            var st = roadStyle[k] || roadStyle.road;
            return part === 'casing' ?
              { className: 'bm-' + k + '-casing', color: st.casing, weight: st.weight + 2, opacity: 1 } :
              { className: 'bm-' + k, color: st.color, weight: st.weight, opacity: 1 };
          }
        }).addTo(map);
      });
      fc.features.forEach(function (f) {
        var p = f.properties;
        if (p.layer !== 'place') {
          return;
        }
        var c = f.geometry.coordinates;
        L.marker([c[1], c[0]], { pane: 'basemapLabels', icon: label(p.name, p.rank), interactive: false, keyboard: false }).addTo(map);
      });
      fc.features.forEach(function (f) {
        if (f.properties.layer === 'river') {
          var c = f.geometry.coordinates[Math.floor(f.geometry.coordinates.length * 0.3)];
          L.marker([c[1], c[0]], { pane: 'basemapLabels', icon: label(f.properties.name, 'river'), interactive: false, keyboard: false }).addTo(map);
        }
      });
      drawBuildings(map, el, fc.features.filter(function (f) { return f.properties.layer === 'buildings'; }));
      declutter(el);
      el.dataset.base = 'drawn';
    }).catch(function () {
      // The grids still show; only the background is plain.
      el.dataset.base = 'failed';
    });
  }

  // The buildings (N号楼, N号院: what residents name in a report) show from
  // zoom 17, and only those in view: a district has thousands.
  function drawBuildings(map, el, features) {
    var group = L.layerGroup().addTo(map);
    function draw() {
      group.clearLayers();
      if (map.getZoom() < 17) {
        declutter(el);
        return;
      }
      var view = map.getBounds().pad(0.2);
      features.forEach(function (f) {
        f.geometry.coordinates.forEach(function (c, i) {
          if (view.contains([c[1], c[0]])) {
            L.marker([c[1], c[0]], { pane: 'basemapLabels', icon: label((i + 1) + f.properties.suffix, 'building'), interactive: false, keyboard: false }).addTo(group);
          }
        });
      });
      declutter(el);
    }
    map.on('moveend', draw);
    draw();
  }

  function legend(map, withBase, withGrids) {
    var items = [];
    if (withBase) {
      items.push(['road', cfg.legendRoad], ['river', cfg.legendRiver], ['place', cfg.legendPlace]);
    }
    if (withGrids) {
      items.push(['grid', cfg.legendGrid]);
    }
    var ctl = L.control({ position: 'bottomleft' });
    ctl.onAdd = function () {
      var ul = L.DomUtil.create('ul', 'bm-legend');
      if (cfg.legendLabel) {
        ul.setAttribute('aria-label', cfg.legendLabel);
      }
      items.forEach(function (it) {
        if (!it[1]) {
          return;
        }
        var li = L.DomUtil.create('li', 'bm-legend-' + it[0], ul);
        L.DomUtil.create('span', 'bm-swatch', li).setAttribute('aria-hidden', 'true');
        li.appendChild(document.createTextNode(it[1]));
      });
      L.DomEvent.disableClickPropagation(ul);
      return ul;
    };
    ctl.addTo(map);
  }

  window.civicMap = function (el, options) {
    options = options || {};
    var ds = el.dataset;
    var tileUrl = cfg.tileUrl || '';
    var attribution = cfg.tileAttribution || '';
    var map = L.map(el, L.extend({ zoomSnap: 0.25, attributionControl: !!tileUrl }, options.leaflet || {}));
    if (options.view) {
      map.setView(options.view, options.zoom || 16);
    } else {
      map.setView([38, 110], 4);
    }
    var withBase = !tileUrl && !!cfg.basemap;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: attribution || '', maxZoom: 19 }).addTo(map);
      ds.base = 'tiles';
    } else {
      el.classList.add('no-tiles');
      if (withBase) {
        drawBasemap(map, el);
      }
    }
    if (options.legend !== false) {
      legend(map, withBase, options.grids !== false);
    }
    maps.push([el, map]);
    return map;
  };
  window.civicMap.json = json;
  // civicMap.of(el) is the map made on el (for tests and page scripts
  // that did not make it).
  window.civicMap.of = function (el) {
    for (var i = 0; i < maps.length; i++) {
      if (maps[i][0] === el) {
        return maps[i][1];
      }
    }
    return null;
  };
})();
