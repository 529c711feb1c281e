// A page is usable once its websocket is connected: before that, a click or a drop-down would reach no one (#13).
// The class goes as soon as NiceGUI's socket reports itself connected; CSS (app.css) holds the clicks until then.
(function () {
  document.documentElement.classList.add("ccaa-connecting");
  const started = Date.now();
  const timer = setInterval(function () {
    // after 20 s the page is given back regardless: NiceGUI shows its own notice when it cannot connect
    if ((window.socket && window.socket.connected) || Date.now() - started > 20000) {
      document.documentElement.classList.remove("ccaa-connecting");
      clearInterval(timer);
    }
  }, 30);
})();
