-- Neovim end-to-end check of `gofixer lsp`, run by tests/test_nvim.py:
--
--   GOFIXER_LSP_CMD='["python", "-m", "gofixer", "lsp"]' \
--     nvim --headless --clean -u NONE -c 'luafile tests/nvim/quickfix.lua' path/to/file.go
--
-- (or, with Neovim 0.9 and later, `nvim --headless --clean -u NONE -l tests/nvim/quickfix.lua FILE`).
--
-- Starts the gofixer client on the buffer, waits for a gofixer diagnostic, asks for code actions
-- at it, applies the quick fix's WorkspaceEdit, writes the buffer and quits. Any failure ends
-- Neovim with exit status 3 and one line on stderr. Works with Neovim 0.7 (vim.lsp.start_client)
-- and later (vim.lsp.start, negotiated position encodings).

local TIMEOUT = tonumber(os.getenv("GOFIXER_NVIM_TIMEOUT") or "60000")

local function say(msg)
  io.stderr:write("quickfix.lua: " .. msg .. "\n")
  io.stderr:flush()
end

local function fail(msg)
  say(msg)
  vim.cmd("cquit! 3")
end

local function wait_for(what, cond)
  if not vim.wait(TIMEOUT, cond, 50) then
    error("timed out waiting for " .. what, 0)
  end
end

local function gofixer_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "gofixer" then
      table.insert(out, d)
    end
  end
  return out
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function main()
  if vim.api.nvim_buf_get_name(0) == "" and type(_G.arg) == "table" and _G.arg[1] then
    vim.cmd("edit " .. vim.fn.fnameescape(_G.arg[1])) -- run with `nvim -l quickfix.lua FILE` (0.9+)
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == "" then
    error("no file given", 0)
  end
  vim.bo[bufnr].filetype = "go"
  local cmd = vim.fn.json_decode(os.getenv("GOFIXER_LSP_CMD") or '["gofixer", "lsp"]')
  local config = { name = "gofixer", cmd = cmd, root_dir = vim.fn.fnamemodify(file, ":p:h") }

  local client_id
  if vim.lsp.start then -- Neovim >= 0.8: starts (or reuses) the client and attaches the buffer
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  if not client_id then
    error("the gofixer language server did not start", 0)
  end
  local client
  wait_for("the server to initialize", function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized ~= false and client.server_capabilities ~= nil
  end)

  local diags
  wait_for("a gofixer diagnostic", function()
    diags = gofixer_diagnostics(bufnr)
    return #diags > 0
  end)
  local d = diags[1]
  if code_of(d) ~= "GF301" then
    error("unexpected diagnostic " .. vim.inspect(d), 0)
  end
  say(string.format("diagnostic %s at %d:%d (%s): %s", code_of(d), d.lnum + 1, d.col + 1, client.offset_encoding, d.message))

  -- the diagnostic's start, as the editor sees it (byte column), turned into LSP params
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {}, only = { "quickfix" } }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, TIMEOUT)
  local action
  for _, resp in pairs(responses or {}) do
    if resp.err then
      error("codeAction failed: " .. vim.inspect(resp.err), 0)
    end
    for _, a in ipairs(resp.result or {}) do
      if a.kind == "quickfix" and a.edit and a.title:find("^Fix GF301") then
        action = a
      end
    end
  end
  if not action then
    error("no GF301 quick fix offered: " .. vim.inspect(responses), 0)
  end
  say("applying: " .. action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  vim.cmd("write")

  -- the server sees the edit (didChange) and the defect is gone
  wait_for("the diagnostic to clear", function()
    return #gofixer_diagnostics(bufnr) == 0
  end)
  say("fixed and written: " .. file)
  vim.lsp.stop_client(client_id)
  vim.cmd("qall!")
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail(tostring(err))
end
