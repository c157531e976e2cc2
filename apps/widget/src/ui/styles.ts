// All styles live in the Shadow DOM: the shop's CSS cannot reach them, and they cannot leak into the shop.

export const CSS = `
:host{all:initial}
*{box-sizing:border-box}
.kf{--p:#ff7a1a;--pd:#ec6300;--ps:#fff4eb;--tx:#1f2329;--t2:#5b6270;--t3:#8f959e;--bd:#e9ebef;--bg:#f6f7f9;
font:14px/1.55 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";
color:var(--tx);-webkit-font-smoothing:antialiased;text-align:left}
button{font:inherit;color:inherit;cursor:pointer;border:0;background:none;padding:0}
button:disabled{cursor:default;opacity:.5}
input,textarea{font:inherit;color:var(--tx)}
.ic{display:inline-flex;width:20px;height:20px}.ic svg{width:100%;height:100%}
a{color:inherit}

/* launcher */
.launcher{position:fixed;right:24px;bottom:24px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:52px;padding:0 22px 0 18px;
border-radius:26px;background:linear-gradient(135deg,#ff9142,var(--p) 55%,var(--pd));color:#fff;font-size:15px;font-weight:600;letter-spacing:.5px;
box-shadow:0 8px 24px rgba(236,99,0,.35),0 2px 6px rgba(0,0,0,.08);transition:transform .18s ease,box-shadow .18s ease}
.launcher:hover{transform:translateY(-2px);box-shadow:0 12px 28px rgba(236,99,0,.4),0 2px 6px rgba(0,0,0,.08)}
.launcher .ic{width:24px;height:24px}
.launcher.open{opacity:0;pointer-events:none;transform:scale(.9)}
.badge{position:absolute;top:-4px;right:-2px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#f53f3f;color:#fff;
font-size:12px;line-height:20px;text-align:center;font-weight:600;box-shadow:0 0 0 2px #fff}
.peek{position:fixed;right:24px;bottom:88px;z-index:2147483000;max-width:280px;padding:12px 14px;border-radius:14px 14px 4px 14px;background:#fff;
box-shadow:0 8px 30px rgba(0,0,0,.14);font-size:13px;color:var(--tx);cursor:pointer;animation:kfUp .25s ease}
.peek b{display:block;font-size:12px;color:var(--t3);font-weight:500;margin-bottom:2px}
.peek span{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}

/* panel */
.panel{position:fixed;right:24px;bottom:24px;z-index:2147483001;width:380px;height:min(640px,calc(100vh - 48px));display:flex;flex-direction:column;
background:var(--bg);border-radius:16px;overflow:hidden;box-shadow:0 16px 56px rgba(15,20,30,.2),0 2px 10px rgba(15,20,30,.08);
transform-origin:bottom right;animation:kfIn .22s cubic-bezier(.2,.8,.3,1)}
.panel[hidden]{display:none}
.page .panel{position:relative;right:auto;bottom:auto;width:100%;max-width:760px;height:100%;margin:0 auto;border-radius:0;box-shadow:0 0 40px rgba(0,0,0,.06);animation:none}
@media (max-width:520px){.widget .panel{right:0;bottom:0;width:100vw;height:100%;border-radius:0}}
@media (min-width:800px){.page .panel{height:calc(100% - 48px);margin-top:24px;border-radius:16px}}
@keyframes kfIn{from{opacity:0;transform:translateY(12px) scale(.97)}to{opacity:1;transform:none}}
@keyframes kfUp{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}

.hd{flex:none;display:flex;align-items:center;gap:12px;padding:14px 12px 14px 16px;color:#fff;
background:linear-gradient(120deg,#ff9448 0%,var(--p) 45%,var(--pd) 100%)}
.av{flex:none;width:40px;height:40px;border-radius:50%;background:rgba(255,255,255,.22);display:flex;align-items:center;justify-content:center;
box-shadow:inset 0 0 0 1px rgba(255,255,255,.35)}
.av .ic{width:22px;height:22px}
.hd-t{flex:1;min-width:0}
.hd-t b{display:block;font-size:16px;font-weight:600;line-height:1.3}
.hd-s{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.92;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dot{flex:none;width:7px;height:7px;border-radius:50%;background:#7be38b;box-shadow:0 0 0 2px rgba(255,255,255,.25)}
.dot.off{background:#d5d8de}.dot.wait{background:#ffd24d}
.hd-b{height:30px;padding:0 12px;border-radius:15px;background:rgba(255,255,255,.18);font-size:13px;color:#fff}
.hd-b:hover:not(:disabled){background:rgba(255,255,255,.3)}
.hd-b[hidden]{display:none}
.hd-i{width:32px;height:32px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff}
.hd-i:hover{background:rgba(255,255,255,.18)}

.banner{flex:none;display:flex;align-items:center;gap:8px;padding:8px 16px;font-size:12.5px;color:#a24d00;background:#fff4e6;border-bottom:1px solid #ffe4c7}
.banner.warn{color:#b42318;background:#fff1f0;border-color:#ffd9d6}
.banner[hidden]{display:none}
.spin{flex:none;width:12px;height:12px;border-radius:50%;border:2px solid currentColor;border-right-color:transparent;animation:kfSpin .8s linear infinite}
@keyframes kfSpin{to{transform:rotate(360deg)}}

/* messages */
.body{flex:1;min-height:0;overflow-y:auto;padding:16px 14px 8px;overscroll-behavior:contain}
.body::-webkit-scrollbar{width:6px}.body::-webkit-scrollbar-thumb{background:#d7dae0;border-radius:3px}
.row{display:flex;gap:8px;margin:0 0 14px;align-items:flex-start}
.row.me{flex-direction:row-reverse}
.row.sys{justify-content:center}
.time{text-align:center;font-size:12px;color:var(--t3);margin:4px 0 12px}
.mav{flex:none;width:34px;height:34px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:14px;font-weight:600;
color:#fff;background:linear-gradient(135deg,#ffb06b,var(--p))}
.mav .ic{width:19px;height:19px}
.mav.bot{background:linear-gradient(135deg,#6bc5ff,#2d7ff9)}
.fb{display:flex;gap:6px;margin:5px 0 0 2px;font-size:12px;color:var(--t3)}
.fb-b{border:1px solid #e3e6ea;background:#fff;border-radius:12px;padding:2px 9px;font-size:12px;color:var(--t2);cursor:pointer}
.fb-b:hover{border-color:var(--p);color:var(--p)}
.col{display:flex;flex-direction:column;max-width:76%;min-width:0}
.me .col{align-items:flex-end}
.nm{font-size:12px;color:var(--t3);margin:0 0 3px 2px}
.bb{padding:9px 13px;border-radius:4px 14px 14px 14px;background:#fff;box-shadow:0 1px 2px rgba(15,20,30,.06);white-space:pre-wrap;
word-break:break-word;overflow-wrap:anywhere}
.me .bb{border-radius:14px 4px 14px 14px;background:var(--p);color:#fff;box-shadow:0 2px 6px rgba(255,122,26,.22)}
.me .bb a{color:#fff}
.bb.img{padding:4px;background:#fff;position:relative;line-height:0}
.me .bb.img{background:#fff;box-shadow:0 1px 2px rgba(15,20,30,.08)}
.bb.img img{display:block;max-width:200px;max-height:220px;min-width:60px;min-height:60px;border-radius:10px;object-fit:cover;cursor:zoom-in;background:#f0f1f3}
.up{position:absolute;inset:4px;border-radius:10px;display:flex;align-items:center;justify-content:center;gap:6px;background:rgba(0,0,0,.42);color:#fff;font-size:12px;line-height:1}
.meta{display:flex;align-items:center;gap:6px;margin:3px 2px 0;font-size:11.5px;color:var(--t3)}
.meta.rd{color:#9aa0a8}.meta.ur{color:var(--p)}
.meta.err{color:#d92d20}
.meta .ic{width:14px;height:14px}
.meta button{color:var(--p);font-size:11.5px;text-decoration:underline;text-underline-offset:2px}
.note{max-width:88%;padding:5px 12px;border-radius:12px;background:#eceef2;color:var(--t2);font-size:12px;text-align:center;line-height:1.5}
.note.ok{background:#e9f7ef;color:#1f7a45}

.card{width:240px;border-radius:12px;background:#fff;overflow:hidden;box-shadow:0 1px 3px rgba(15,20,30,.08);color:var(--tx);white-space:normal}
.me .card{border:1px solid #ffd9bb}
.card-h{display:flex;align-items:center;gap:6px;padding:9px 12px;background:var(--ps);color:#a24d00;font-size:12.5px;font-weight:600}
.card-h .ic{width:16px;height:16px}
.card-h span:last-child{margin-left:auto;font-weight:500;color:var(--p)}
.card-b{padding:10px 12px;font-size:13px}
.card-no{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;letter-spacing:.3px}
.card-l{display:flex;justify-content:space-between;gap:8px;color:var(--t2);font-size:12.5px;margin-top:4px}
.card-l b{color:var(--tx);font-weight:600}
.card-nm{font-size:13.5px;font-weight:600;line-height:1.4}
.card-img{display:block;width:100%;max-height:140px;object-fit:cover;border-radius:8px;margin-bottom:8px}

.typing{display:flex;align-items:center;gap:8px;padding:0 0 10px 42px;font-size:12px;color:var(--t3)}
.typing[hidden]{display:none}
.dots{display:inline-flex;gap:3px;padding:8px 10px;border-radius:12px;background:#fff;box-shadow:0 1px 2px rgba(15,20,30,.06)}
.dots i{width:5px;height:5px;border-radius:50%;background:#b9bec7;animation:kfDot 1.2s infinite}
.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}
@keyframes kfDot{0%,60%,100%{transform:none;opacity:.5}30%{transform:translateY(-3px);opacity:1}}

/* composer */
.cp{flex:none;position:relative;background:#fff;border-top:1px solid var(--bd);padding:6px 10px 10px}
.cp[hidden]{display:none}
.tools{display:flex;align-items:center;gap:2px;margin-bottom:2px}
.tb{height:30px;min-width:30px;padding:0 7px;border-radius:8px;display:inline-flex;align-items:center;gap:4px;color:var(--t2);font-size:12.5px}
.tb:hover:not(:disabled){background:#f2f3f5;color:var(--tx)}
.tb .ic{width:19px;height:19px}
.tb.on{color:var(--p);background:var(--ps)}
.count{margin-left:auto;font-size:11.5px;color:var(--t3)}
.count.over{color:#d92d20}
.inrow{display:flex;align-items:flex-end;gap:8px}
textarea.in{flex:1;resize:none;border:0;outline:0;background:transparent;padding:6px 4px;min-height:36px;max-height:120px;line-height:1.5;font-size:14px}
textarea.in::placeholder{color:#a8adb5}
.sendb{flex:none;height:34px;padding:0 16px;border-radius:17px;background:var(--p);color:#fff;font-weight:600;font-size:13.5px;display:flex;align-items:center;gap:5px;
transition:background .15s}
.sendb:hover:not(:disabled){background:var(--pd)}
.sendb:disabled{background:#ffc9a3;opacity:1}
.sendb .ic{width:16px;height:16px}
.emo{position:absolute;left:8px;bottom:calc(100% + 6px);width:300px;padding:10px;border-radius:14px;background:#fff;display:grid;
grid-template-columns:repeat(8,1fr);gap:2px;box-shadow:0 10px 32px rgba(15,20,30,.16);animation:kfUp .16s ease;z-index:3}
.emo[hidden]{display:none}
.emo button{height:34px;border-radius:8px;font-size:21px;line-height:34px}
.emo button:hover{background:#f2f3f5}

/* forms: bottom sheet and inline card */
.shade{position:absolute;inset:0;z-index:5;background:rgba(20,24,32,.32);display:flex;align-items:flex-end;animation:kfFade .18s ease}
.shade[hidden]{display:none}
.idf{width:100%;max-height:88%;display:flex;flex-direction:column}.idf>.sheet{max-height:100%}
.seg{display:flex;gap:6px;margin:4px 0 2px}
.segb{flex:1;height:32px;border:1px solid #dfe2e7;border-radius:16px;font-size:13px;color:var(--t2);background:#fff}
.segb.on{border-color:var(--p);color:var(--p);background:#fff4e6;font-weight:600}
.fi.code{letter-spacing:6px;font-size:18px;text-align:center}
.resend{display:flex;justify-content:flex-end;margin-top:6px}.resend .btn{height:28px;font-size:13px}.resend .btn:disabled{color:var(--t2);cursor:default}
@keyframes kfFade{from{opacity:0}to{opacity:1}}
.sheet{width:100%;max-height:88%;overflow:auto;background:#fff;border-radius:16px 16px 0 0;padding:18px 18px 16px;animation:kfUp .22s ease}
.sheet h3,.form h3{margin:0 0 4px;font-size:16px;font-weight:600;color:var(--tx)}
.sub{margin:0 0 12px;font-size:12.5px;color:var(--t2)}
.form{background:#fff;border-radius:14px;padding:16px;margin:2px 0 14px;box-shadow:0 1px 3px rgba(15,20,30,.06)}
.fl{display:block;margin:10px 0 0}
.fl>span{display:block;font-size:12.5px;color:var(--t2);margin-bottom:4px}
.fi{width:100%;border:1px solid #dfe2e7;border-radius:10px;padding:8px 11px;outline:0;background:#fff;transition:border-color .15s,box-shadow .15s;font-size:14px}
.fi:focus{border-color:var(--p);box-shadow:0 0 0 3px rgba(255,122,26,.14)}
textarea.fi{resize:vertical;min-height:84px;line-height:1.5}
.ferr{min-height:18px;margin:8px 0 0;font-size:12.5px;color:#d92d20}
.acts{display:flex;gap:10px;justify-content:flex-end;margin-top:8px}
.btn{height:36px;padding:0 18px;border-radius:18px;font-size:14px;border:1px solid #dfe2e7;background:#fff;color:var(--t2)}
.btn:hover:not(:disabled){border-color:#c9cdd4;color:var(--tx)}
.btn.pri{border-color:var(--p);background:var(--p);color:#fff;font-weight:600}
.btn.pri:hover:not(:disabled){background:var(--pd);border-color:var(--pd)}
.btn.link{border:0;padding:0 4px;color:var(--p);background:none}
.stars{display:flex;justify-content:center;gap:8px;margin:14px 0 4px}
.star{width:40px;height:40px;font-size:34px;line-height:40px;color:#e3e5e9;transition:transform .12s,color .12s}
.star.on{color:#ffb400}
.star:hover{transform:scale(1.12)}
.slabel{text-align:center;font-size:13px;color:var(--t2);min-height:20px}
.done{text-align:center;padding:8px 0 4px}
.done .big{width:52px;height:52px;border-radius:50%;margin:0 auto 10px;display:flex;align-items:center;justify-content:center;background:#e9f7ef;color:#1f9d55;font-size:28px}
.done p{margin:0 0 12px;color:var(--tx);font-size:14px}
.sheet .done{padding-bottom:8px}

.toast{position:absolute;left:50%;top:76px;z-index:6;transform:translateX(-50%);width:max-content;max-width:calc(100% - 40px);display:flex;align-items:center;gap:6px;padding:8px 14px;
border-radius:20px;background:rgba(31,35,41,.9);color:#fff;font-size:13px;box-shadow:0 6px 20px rgba(0,0,0,.2);animation:kfUp .2s ease}
.toast[hidden]{display:none}
.toast .ic{width:16px;height:16px;color:#ffb27a}
.lb{position:fixed;inset:0;z-index:2147483002;background:rgba(0,0,0,.8);display:flex;align-items:center;justify-content:center;cursor:zoom-out;animation:kfFade .15s}
.lb[hidden]{display:none}
.lb img{max-width:92vw;max-height:92vh;border-radius:6px}
.fatal{margin:40px 20px;text-align:center;color:var(--t2)}
`;
