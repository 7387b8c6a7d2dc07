// TaskRpc dashboard: plain JS, no build step. Views by URL hash: #/ overview, #/jobs, #/jobs/ID, #/workers.
"use strict";

const api = "/dashboard/api";
const main = document.getElementById("main");
let session = { tenant: null, mayAct: false };
let leave = () => {}; // Stops the current view's streams and timers.

// --- helpers ---------------------------------------------------------------------------------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child ?? "");
  return node;
}
const $ = (id) => document.getElementById(id);
const fmt = (n, digits = 0) => n == null ? "–" : Number(n).toLocaleString("en-US", { maximumFractionDigits: digits });
const when = (t) => t ? new Date(t).toLocaleTimeString() : "";
const stateBadge = (state) => el("span", { className: "state " + state, textContent: state });
const terminal = (state) => state === "SUCCEEDED" || state === "FAILED" || state === "CANCELLED";

async function getJson(path) {
  const response = await fetch(api + path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function post(path) {
  const response = await fetch(api + path, { method: "POST", headers: { "X-TaskRpc-Dashboard": "1" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function show(templateId) {
  main.replaceChildren($(templateId).content.cloneNode(true));
}

function setLive(on) {
  $("live").classList.toggle("on", on);
}

function stream(path, handlers) {
  const source = new EventSource(api + path);
  source.onopen = () => setLive(true);
  source.onerror = () => setLive(false);
  for (const [type, handle] of Object.entries(handlers)) {
    source.addEventListener(type, (e) => handle(JSON.parse(e.data), source));
  }
  return source;
}

// --- overview ----------------------------------------------------------------------------------
function overview() {
  show("overview-template");
  const points = []; // { submitted, finished } jobs/s, oldest first
  let last = null;
  const source = stream("/overview/stream", {
    overview: (o) => {
      if (last && o.submitted != null) {
        const seconds = (Date.parse(o.time) - Date.parse(last.time)) / 1000;
        if (seconds > 0) {
          points.push({ submitted: (o.submitted - last.submitted) / seconds, finished: (o.finished - last.finished) / seconds });
          if (points.length > 120) points.shift();
        }
      }
      last = o;
      renderOverview(o, points);
    },
  });
  return () => source.close();
}

function renderOverview(o, points) {
  const latest = points[points.length - 1];
  $("rate-submitted").textContent = o.submitted == null ? "–" : fmt(latest?.submitted ?? 0, 1);
  $("rate-finished").textContent = o.finished == null ? "–" : fmt(latest?.finished ?? 0, 1);
  $("total-queued").textContent = fmt(o.queued);
  $("total-running").textContent = fmt(o.running);
  $("failed-hour").textContent = fmt(o.failedLastHour);
  fillRows($("executors"), o.executors, (q) => [q.name, fmt(q.capacity), fmt(q.queued), fmt(q.running)]);
  fillRows($("tasks"), o.tasks, (q) => [el("a", { href: "#/jobs?task=" + encodeURIComponent(q.name), textContent: q.name }), q.executor, fmt(q.queued), fmt(q.running)]);
  drawChart($("chart"), points);
}

function fillRows(table, items, cells) {
  table.tBodies[0].replaceChildren(...items.map((item) => el("tr", {}, ...cells(item).map((c) => el("td", {}, c)))));
}

function drawChart(canvas, points) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 36;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...points.map((p) => Math.max(p.submitted, p.finished)));
  const top = niceCeiling(max);
  ctx.strokeStyle = "#e5e7eb"; ctx.fillStyle = "#5c6878"; ctx.font = "11px system-ui"; ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = h - pad / 2 - (h - pad) * i / 4;
    ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - 8, y); ctx.stroke();
    ctx.fillText(fmt(top * i / 4, top < 4 ? 2 : 0), 4, y + 4);
  }
  const x = (i) => pad + (w - pad - 8) * (i + 120 - points.length) / 119;
  const y = (v) => h - pad / 2 - (h - pad) * v / top;
  for (const [key, color] of [["submitted", "#2563eb"], ["finished", "#15803d"]]) {
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    points.forEach((p, i) => (i ? ctx.lineTo(x(i), y(p[key])) : ctx.moveTo(x(i), y(p[key]))));
    ctx.stroke();
  }
}

function niceCeiling(v) {
  const step = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 5, 10].map((m) => m * step).find((c) => c >= v);
}

// --- jobs --------------------------------------------------------------------------------------
function jobs(query) {
  show("jobs-template");
  const form = $("filters");
  form.state.value = query.get("state") ?? "";
  form.task.value = query.get("task") ?? "";
  form.labels.value = query.getAll("label").join(", ");
  getJson("/overview").then((o) => $("task-names").replaceChildren(...o.tasks.map((t) => el("option", { value: t.name }))));
  form.onsubmit = (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (form.state.value) q.set("state", form.state.value);
    if (form.task.value) q.set("task", form.task.value);
    for (const label of form.labels.value.split(",").map((s) => s.trim()).filter(Boolean)) q.append("label", label);
    location.hash = "#/jobs" + (q.size ? "?" + q : "");
  };
  let token = null, next = null, latest = 0;
  const load = async () => {
    const q = new URLSearchParams(query);
    if (token) q.set("pageToken", token);
    const request = ++latest; // Only the newest request renders: a slow refresh of page 1 must not overwrite the page asked for since.
    try {
      const page = await getJson("/jobs?" + q);
      if (request !== latest) return;
      $("jobs-error").hidden = true;
      next = page.nextPageToken ?? null;
      $("next-page").disabled = !next;
      $("first-page").disabled = !token;
      fillRows($("jobs"), page.jobs, (j) => [
        el("a", { href: "#/jobs/" + j.id, textContent: j.id }), j.task, stateBadge(j.state), miniBar(j),
        Object.entries(j.labels).map(([k, v]) => k + "=" + v).join(", "), when(j.createdAt)]);
    } catch (error) {
      if (request !== latest) return;
      $("jobs-error").textContent = error.message;
      $("jobs-error").hidden = false;
    }
  };
  $("next-page").onclick = () => { token = next; load(); };
  $("first-page").onclick = () => { token = null; load(); };
  load();
  const timer = setInterval(() => { if (!token) load(); }, 1000); // the first page follows new jobs
  return () => clearInterval(timer);
}

function miniBar(job) {
  const fraction = job.state === "SUCCEEDED" ? 1 : job.progress?.fraction ?? 0;
  const bar = el("b");
  bar.style.width = Math.round(fraction * 100) + "%";
  return el("span", { className: "mini", title: Math.round(fraction * 100) + "%" }, bar);
}

// --- one job -----------------------------------------------------------------------------------
function job(id) {
  show("job-template");
  $("job-id").textContent = id;
  const events = $("events").tBodies[0];
  let current = null;
  const render = (j) => {
    current = j;
    const state = $("job-state");
    state.textContent = j.state; state.className = "state " + j.state;
    setProgress(j.state === "SUCCEEDED" ? 1 : j.progress?.fraction ?? 0, j.progress?.message);
    $("job-args").textContent = j.args;
    $("job-result-box").hidden = j.result == null;
    $("job-result").textContent = j.result ?? "";
    $("job-error-box").hidden = j.error == null;
    $("job-error").textContent = j.error ? `${j.error.code}: ${j.error.message}` + (j.error.details ? "\n" + j.error.details : "") : "";
    const fields = [["Task", j.task], ["Executor", j.executor], ["Attempt", `${j.attempt} of ${j.maxAttempts}`], ["Priority", j.priority],
      ["Labels", Object.entries(j.labels).map(([k, v]) => k + "=" + v).join(", ") || "none"], ["Created", when(j.createdAt)],
      ["Started", when(j.startedAt)], ["Finished", when(j.finishedAt)]];
    if (j.tenant) fields.push(["Tenant", j.tenant]);
    $("job-fields").replaceChildren(...fields.flatMap(([k, v]) => [el("dt", { textContent: k }), el("dd", { textContent: String(v) })]));
    $("cancel").disabled = !session.mayAct || terminal(j.state);
    $("resubmit").disabled = !session.mayAct || !(j.state === "FAILED" || j.state === "CANCELLED");
  };
  const source = stream("/jobs/" + encodeURIComponent(id) + "/events", {
    job: (j) => render(j),
    event: (e) => {
      const what = e.state ? stateBadge(e.state) : "progress " + Math.round(e.progress.fraction * 100) + "%";
      const detail = e.error ? `${e.error.code}: ${e.error.message}` : e.progress?.message ?? (e.attempt ? "attempt " + e.attempt : "");
      events.append(el("tr", {}, el("td", { textContent: e.sequence }), el("td", { textContent: when(e.time) }), el("td", {}, what), el("td", { textContent: detail })));
      if (e.progress) setProgress(e.progress.fraction, e.progress.message);
      if (e.state && current) render({ ...current, state: e.state, error: e.error ?? current.error });
    },
    end: (_, s) => { s.close(); setLive(false); },
  });
  source.onerror = async () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED) {
      try { await getJson("/jobs/" + encodeURIComponent(id)); } catch (error) { message(error.message); }
    }
  };
  $("cancel").onclick = () => act(() => post(`/jobs/${encodeURIComponent(id)}/cancel`));
  $("resubmit").onclick = () => act(async () => {
    const result = await post(`/jobs/${encodeURIComponent(id)}/resubmit`);
    location.hash = "#/jobs/" + result.job.id;
  });
  return () => source.close();
}

function setProgress(fraction, text) {
  const bar = $("job-progress");
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  bar.setAttribute("aria-valuenow", String(percent));
  bar.querySelector(".bar").style.width = percent + "%";
  bar.querySelector(".label").textContent = percent + "%" + (text ? " · " + text : "");
}

async function act(action) {
  try { await action(); } catch (error) { message(error.message); }
}

function message(text) {
  $("job-message").textContent = text;
  $("job-message").hidden = false;
}

// --- workers -----------------------------------------------------------------------------------
function workers() {
  show("workers-template");
  const load = async () => {
    const list = await getJson("/workers");
    $("workers-none").hidden = list.length > 0;
    fillRows($("workers"), list, (w) => [w.pid, w.state, fmt(w.inFlight), fmt(w.jobsRun), fmt(w.residentBytes / 1048576, 1) + " MiB"]);
  };
  load();
  const timer = setInterval(load, 2000);
  return () => clearInterval(timer);
}

// --- routing -----------------------------------------------------------------------------------
function route() {
  leave();
  setLive(false);
  const [path, search] = location.hash.replace(/^#/, "").split("?");
  const parts = (path || "/").split("/").filter(Boolean).map(decodeURIComponent);
  const view = parts[0] ?? "overview";
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("active", a.dataset.view === view);
  if (view === "jobs" && parts[1]) leave = job(parts[1]);
  else if (view === "jobs") leave = jobs(new URLSearchParams(search ?? ""));
  else if (view === "workers") leave = workers();
  else leave = overview();
}

// With authentication on, the API answers 401 until the login form has set the dashboard's cookie.
function login(message) {
  const form = el("form", { id: "login" },
    el("p", { textContent: message }),
    el("input", { id: "key", type: "password", placeholder: "API key or token", autocomplete: "off" }),
    el("button", { type: "submit", textContent: "Sign in" }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = new URLSearchParams({ key: $("key").value });
    await fetch("/dashboard/login", { method: "POST", headers: { "X-TaskRpc-Dashboard": "1" }, body });
    location.reload();
  });
  main.replaceChildren(form);
  $("session").textContent = "signed out";
}

async function start() {
  const probe = await fetch(api + "/session", { headers: { Accept: "application/json" } });
  if (probe.status === 401) {
    login((await probe.json()).error);
    return;
  }
  try {
    session = await getJson("/session");
    $("session").textContent = (session.tenant == null ? "all tenants" : "tenant " + (session.tenant || "(none)")) + (session.mayAct ? "" : " · read-only");
  } catch (error) {
    $("session").textContent = error.message;
  }
  window.addEventListener("hashchange", route);
  route();
}

start();
