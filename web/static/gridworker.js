// The grid worker's patrol report (templates/gridworker_report.html): the phone's
// position for the report, a small map to pick the place when the phone
// cannot (or may not) tell, and category chips from the description. The
// form works without it: the address and the grid list are always there.
// Labels come from data- attributes of the form, in the page language.
(function () {
  'use strict';
  var form = document.getElementById('gw-report-form');
  if (!form) {
    return;
  }
  var ds = form.dataset;
  var lat = document.getElementById('gw-lat');
  var lng = document.getElementById('gw-lng');
  var status = document.getElementById('gw-locate-status');
  var locateBtn = document.getElementById('gw-locate');
  var pickBtn = document.getElementById('gw-pick');
  var clearBtn = document.getElementById('gw-clear');
  var mapEl = document.getElementById('gw-map');
  var gridSelect = document.getElementById('gw-grid');
  var mine = (ds.gridsMine || '').split(' ').filter(Boolean);

  function say(text, kind) {
    status.textContent = text;
    status.className = 'gw-status' + (kind ? ' ' + kind : '');
  }
  function sayLines(lines, kind) {
    status.replaceChildren();
    lines.forEach(function (t, i) {
      var p = document.createElement(i === 0 ? 'strong' : 'span');
      p.textContent = t;
      status.append(p);
    });
    status.className = 'gw-status' + (kind ? ' ' + kind : '');
  }

  // --- the map (fallback) ---------------------------------------------
  var map = null;
  var pin = null;
  function showMap() {
    if (!mapEl || !window.civicMap) {
      return;
    }
    mapEl.hidden = false;
    if (pickBtn) {
      pickBtn.hidden = true;
    }
    if (map) {
      map.invalidateSize();
      return;
    }
    map = civicMap(mapEl);
    civicMap.json(mapEl.dataset.geojson)
      .then(function (fc) {
        var layer = L.geoJSON(fc, {
          style: function (f) {
            var own = mine.indexOf(f.properties.code) >= 0;
            return { color: own ? '#12355b' : '#ffffff', weight: own ? 3 : 1, fillColor: own ? '#ffdd00' : '#9fb3c8',
              fillOpacity: own ? 0.45 : 0.35, className: 'grid grid-' + f.properties.code };
          },
          onEachFeature: function (f, l) {
            l.bindTooltip(f.properties.name, { sticky: true, direction: 'top' });
            l.on('click', function (e) { place(e.latlng.lat, e.latlng.lng, true); });
          }
        }).addTo(map);
        var own = layer.getLayers().filter(function (l) { return mine.indexOf(l.feature.properties.code) >= 0; });
        var bounds = own.length ? L.featureGroup(own).getBounds() : layer.getBounds();
        if (bounds.isValid()) {
          map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
        }
        mapEl.dataset.grids = String(fc.features.length);
      })
      .catch(function () {
        mapEl.dataset.grids = '0';
        say(ds.labelError, 'bad');
      });
    map.on('click', function (e) { place(e.latlng.lat, e.latlng.lng, true); });
  }
  function setPin(la, ln) {
    if (!map) {
      return;
    }
    var ll = [la, ln];
    if (pin) {
      pin.setLatLng(ll);
    } else {
      pin = L.circleMarker(ll, { radius: 7, color: '#102a43', weight: 2, fillColor: '#d93025', fillOpacity: 1, interactive: false }).addTo(map);
    }
  }

  // --- the position -----------------------------------------------------
  // place keeps the point for the report and tells which grid it is in.
  function place(la, ln, picked) {
    lat.value = la.toFixed(6);
    lng.value = ln.toFixed(6);
    setPin(la, ln);
    if (clearBtn) {
      clearBtn.hidden = false;
    }
    var first = picked ? ds.labelPicked : ds.labelLocated;
    say(first);
    fetch('/api/v1/locate?lat=' + lat.value + '&lng=' + lng.value, { headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
      })
      .then(function (res) {
        if (!res.ok) {
          sayLines([first, res.status === 404 ? ds.labelOutside : ds.labelError], 'bad');
          return;
        }
        var g = res.body.grid;
        var lines = [first, ds.labelGrid + g.name + '（' + g.code + '）'];
        var kind = 'good';
        if (mine.length && mine.indexOf(g.code) < 0) {
          lines.push(ds.labelNotmine);
          kind = 'warn';
        } else if (gridSelect) {
          gridSelect.value = g.code;
        }
        status.dataset.grid = g.code;
        sayLines(lines, kind);
      })
      .catch(function () {
        sayLines([first, ds.labelError], 'bad');
      });
  }

  function fallback(message) {
    say(message, 'warn');
    showMap();
    var addr = document.getElementById('gw-address');
    if (addr && !map) {
      addr.focus();
    }
  }

  if (locateBtn) {
    // Shown only here: without this script the button could do nothing.
    locateBtn.hidden = false;
    locateBtn.addEventListener('click', function () {
      if (!('geolocation' in navigator)) {
        fallback(ds.labelNogeo);
        return;
      }
      say(ds.labelLocating);
      locateBtn.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        locateBtn.disabled = false;
        place(pos.coords.latitude, pos.coords.longitude, false);
      }, function (err) {
        locateBtn.disabled = false;
        if (err.code === 1) {
          fallback(ds.labelDenied);
        } else if (err.code === 3) {
          fallback(ds.labelTimeout);
        } else {
          fallback(ds.labelUnavailable);
        }
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  if (pickBtn && window.L) {
    pickBtn.hidden = false;
    pickBtn.addEventListener('click', showMap);
  }
  if (clearBtn) {
    clearBtn.addEventListener('click', function () {
      lat.value = '';
      lng.value = '';
      say('');
      clearBtn.hidden = true;
      if (pin) {
        pin.remove();
        pin = null;
      }
    });
  }

  // --- category chips -------------------------------------------------
  // A chip proposed from the description chooses that category; the
  // change event lets htmx load its extra fields.
  var category = document.getElementById('gw-category');
  document.addEventListener('click', function (e) {
    var chip = e.target.closest ? e.target.closest('.gw-chip') : null;
    if (!chip || !category) {
      return;
    }
    category.value = chip.dataset.code;
    category.dispatchEvent(new Event('change', { bubbles: true }));
    category.focus();
  });

  // A second press of "submit" while the first upload is still going
  // would only send the same report again.
  var submit = document.getElementById('gw-submit');
  form.addEventListener('submit', function () {
    if (submit) {
      window.setTimeout(function () { submit.disabled = true; }, 0);
    }
  });
  // Coming back to the page (the back button) makes it usable again.
  window.addEventListener('pageshow', function () {
    if (submit) {
      submit.disabled = false;
    }
  });
})();
