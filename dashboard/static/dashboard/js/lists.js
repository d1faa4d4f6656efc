// Lists: what the list pages (intents, prove, snapshots, knowledge, tokens,
// invites) share.
//
// CursorList reads a list endpoint 25 rows at a time with the API's cursors
// and keeps the page's elements in step:
//
//   const runs = new CursorList({
//     read: (params) => api.get("/v1/prove/history", params), // the page writes its /v1/ path literally
//     list, state, more, count,      // the <ul>, its state box, "Load more", the count text (count may be null)
//     noun: ["run", "runs"],         // "1 run", "25 runs so far"
//     item: runItem,                 // row → <li id="run-…">
//     idPrefix: "run-",              // with the row's id: the <li>'s id, to know which rows are shown
//     params: filters,               // the filters in force for load(); sent beside limit and cursor
//     loadingText: "Loading runs…",  // or (values) → text
//     empty: (values) => ["No runs match.", "…"], // [title, hint] when nothing is shown
//     markLoaded: true,              // set document.body.dataset.loaded after each load (tests wait on it)
//   });
//
//   load(reset)    reset: clear and read the first page; else the page after the cursor, appended.
//   prepend(row)   one row on top (marked "fresh"), counted.
//   addNew(applied) read the first page again with `applied` (the URL's filters: an object, or a
//                  function called once no load is running) and put the rows not shown yet on top,
//                  newest first; the cursor of "Load more" is left as it was. Waits while a load
//                  runs. Resolves to how many rows were added (0 on an error: the list stays).
//   cursor, shown, loading; setCount() writes the count text again.
//
// bindFilters(form, names, reload) fills the form's fields from the page URL,
// and on submit writes them to the URL and reloads; reset clears them from the
// URL (other URL parameters stay) and reloads. It returns values(): the
// trimmed field values, by name.

import { clear, done, readQuery, showEmpty, showError, showLoading, writeQuery } from "./ui.js";

const PAGE_SIZE = 25;
const BUSY_WAIT_MS = 500;

export class CursorList {
  constructor({ read, list, state, more, count = null, noun, item, idPrefix, params = () => ({}), loadingText, empty, markLoaded = false }) {
    Object.assign(this, { read, list, state, more, count, noun, item, idPrefix, params, loadingText, empty, markLoaded });
    this.cursor = null;
    this.shown = 0;
    this.loading = false;
  }

  setCount() {
    if (!this.count) return;
    const n = this.shown;
    this.count.textContent = n ? `${n} ${this.noun[n === 1 ? 0 : 1]}${this.cursor ? " so far" : ""}` : "";
  }

  async load(reset) {
    this.loading = true;
    const values = this.params();
    if (reset) {
      this.cursor = null;
      this.shown = 0;
      clear(this.list);
      if (this.count) this.count.textContent = "";
      showLoading(this.state, typeof this.loadingText === "function" ? this.loadingText(values) : this.loadingText);
    }
    this.more.disabled = true;
    try {
      const params = { ...values, limit: PAGE_SIZE };
      if (!reset && this.cursor) params.cursor = this.cursor;
      const page = await this.read(params);
      for (const row of page.data) this.list.append(this.item(row));
      this.shown += page.data.length;
      this.cursor = page.has_more ? page.next_cursor : null;
      this.more.hidden = !this.cursor;
      this.setCount();
      if (!this.list.children.length) showEmpty(this.state, ...this.empty(values));
      else done(this.state);
    } catch (err) {
      this.more.hidden = true; // its cursor may be gone: "Load more" would read page one again
      showError(this.state, err, { retry: () => this.load(true) });
    } finally {
      this.more.disabled = false;
      this.loading = false;
      if (this.markLoaded) document.body.dataset.loaded = "true";
    }
  }

  prepend(row) {
    const li = this.item(row);
    li.classList.add("fresh");
    this.list.prepend(li);
    this.shown += 1;
    this.setCount();
    done(this.state);
  }

  async addNew(applied) {
    while (this.loading) await new Promise((resolve) => window.setTimeout(resolve, BUSY_WAIT_MS));
    const values = typeof applied === "function" ? applied() : applied;
    let page;
    try {
      page = await this.read({ ...values, limit: PAGE_SIZE });
    } catch (err) {
      return 0;
    }
    const fresh = page.data.filter((row) => !document.getElementById(`${this.idPrefix}${row.id}`));
    for (const row of [...fresh].reverse()) this.prepend(row);
    return fresh.length;
  }
}

export function bindFilters(form, names, reload) {
  const values = () => Object.fromEntries(names.map((name) => [name, form.elements[name].value.trim()]));
  const initial = readQuery(names);
  for (const name of names) form.elements[name].value = initial[name];
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    writeQuery(values());
    reload();
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      writeQuery(Object.fromEntries(names.map((name) => [name, ""])));
      reload();
    });
  });
  return values;
}
