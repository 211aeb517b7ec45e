// Loads a YouTube or Vimeo player only when the visitor asks for it: until the
// click, nothing comes from the video site (privacy by default). Without
// JavaScript the button stays hidden and the link to the video site remains.
(function () {
  "use strict";

  function load(box) {
    var frame = document.createElement("iframe");
    frame.src = box.getAttribute("data-embed-src");
    frame.title = box.getAttribute("data-frame-title");
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // The site's own policy sends no referrer; YouTube's player refuses to play without its origin.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "video-frame";
    // Set through the DOM, not a style attribute, so a strict Content-Security-Policy allows it.
    frame.style.width = "100%";
    frame.style.aspectRatio = "16 / 9";
    frame.style.border = "0";
    box.replaceChildren(frame);
    frame.focus();
  }

  document.querySelectorAll(".video-placeholder[data-embed-src]").forEach(function (box) {
    var button = box.querySelector(".video-load");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      load(box);
    });
  });
})();
