// The widget's styles, inside its shadow root so the host page's CSS and the widget's cannot
// collide. Colours meet WCAG AA: #0b5563 on white 7.6:1, white on #0b5563 7.6:1, #1f2328 on
// #eef3f5 14:1, white on #9b1c1c 8.3:1, #5c2d00 on #fff4e5 10:1. The focus ring is a yellow
// ring with a near-black edge, visible on light and dark backgrounds alike.
export const STYLES = `
:host { all: initial; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
button, a, textarea, .log { font: inherit; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; box-shadow: 0 0 0 5px #0b0c0c; }
.launcher, .panel {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 16px; line-height: 1.45; color: #1f2328;
}
.launcher {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  min-height: 48px; padding: 12px 20px; border: 0; border-radius: 24px;
  background: #0b5563; color: #ffffff; font-weight: 600; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3);
}
.launcher:hover { background: #083f49; }
.panel {
  position: fixed; right: 16px; bottom: 80px; z-index: 2147483000;
  width: 380px; max-width: calc(100vw - 32px); height: 600px; max-height: calc(100vh - 96px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #ffffff; border: 1px solid #6b7780; border-radius: 12px;
  box-shadow: 0 4px 24px rgba(0, 0, 0, 0.25);
}
.header { background: #0b5563; color: #ffffff; padding: 10px 12px; }
.heading { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.title { margin: 0; font-size: 18px; font-weight: 700; }
.call {
  color: #0b5563; background: #ffffff; font-weight: 700; text-decoration: none;
  padding: 6px 10px; border-radius: 16px; white-space: nowrap;
}
.call:hover { text-decoration: underline; }
.notice { margin: 6px 0 0; font-size: 14px; }
.tools { display: flex; align-items: center; gap: 8px; margin-top: 6px; }
.status { margin: 0 auto 0 0; font-size: 13px; min-height: 1em; }
.status[data-state="offline"], .status[data-state="reconnecting"] { font-weight: 700; }
.secondary {
  background: transparent; color: #ffffff; border: 1px solid #ffffff; border-radius: 6px;
  padding: 4px 10px; cursor: pointer; font-size: 14px; min-height: 32px;
}
.secondary:hover { background: #083f49; }
.banner { margin: 0; padding: 10px 12px; border-bottom: 1px solid #6b7780; }
.banner p { margin: 0 0 4px; }
.banner.crisis { background: #9b1c1c; color: #ffffff; }
.banner.crisis a { color: #ffffff; }
.banner.fallback { background: #fff4e5; color: #5c2d00; }
.banner.fallback a { color: #5c2d00; }
.banner-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 8px; }
.banner-title { font-weight: 700; }
.banner-close {
  background: transparent; color: inherit; border: 1px solid currentColor; border-radius: 6px;
  min-width: 32px; min-height: 32px; font-size: 20px; line-height: 1; cursor: pointer;
}
.numbers { margin: 0; padding: 0; list-style: none; }
.numbers li { margin: 4px 0; }
.numbers a { font-weight: 700; text-decoration: underline; display: inline-block; padding: 2px 0; }
.log { flex: 1 1 auto; overflow-y: auto; padding: 12px; background: #ffffff; }
.message { margin: 0 0 10px; max-width: 88%; }
.message .text { margin: 0; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.message.bot .text { background: #eef3f5; color: #1f2328; }
.message.bot a { color: #0b5563; }
.message.user { margin-left: auto; }
.message.user .text { background: #0b5563; color: #ffffff; }
.quick-replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.quick-reply {
  background: #ffffff; color: #0b5563; border: 2px solid #0b5563; border-radius: 16px;
  padding: 4px 12px; cursor: pointer; font-size: 15px; min-height: 36px; text-align: left;
}
.quick-reply:hover { background: #eef3f5; }
.typing { margin: 0; padding: 4px 12px; font-size: 14px; color: #3d464d; }
.dots { letter-spacing: 2px; }
.composer { display: flex; gap: 8px; padding: 8px; border-top: 1px solid #6b7780; }
.input {
  flex: 1 1 auto; min-width: 0; resize: none; padding: 8px 10px; min-height: 44px;
  border: 2px solid #6b7780; border-radius: 8px; color: #1f2328; background: #ffffff;
}
.send {
  background: #0b5563; color: #ffffff; border: 0; border-radius: 8px; padding: 0 16px;
  min-height: 44px; font-weight: 600; cursor: pointer;
}
@media (max-width: 480px) {
  .panel { right: 8px; left: 8px; width: auto; max-width: none; bottom: 72px; height: auto; top: 8px; max-height: none; }
  .launcher { right: 8px; bottom: 8px; }
  .message { max-width: 95%; }
}
@media (prefers-reduced-motion: no-preference) {
  .dots { animation: lantern-pulse 1.2s ease-in-out infinite; }
  @keyframes lantern-pulse { 50% { opacity: 0.3; } }
}
`;
