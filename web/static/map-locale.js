// Leaflet's own control texts (the zoom buttons' titles) in the page's
// language: a Chinese page says 放大/缩小, not "Zoom in". Loaded right
// after leaflet.js, before any map is made.
(function () {
  'use strict';
  if (!window.L || (document.documentElement.lang || '').indexOf('zh') !== 0) {
    return;
  }
  L.Control.Zoom.prototype.options.zoomInTitle = '放大';
  L.Control.Zoom.prototype.options.zoomOutTitle = '缩小';
})();
