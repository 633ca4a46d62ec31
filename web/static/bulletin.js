// The print button needs script (the page's policy allows no inline
// handlers); without script the browser's own print command remains.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("bulletin-print");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
