-- Neovim's built-in LSP client (0.7 and later) on grclint lsp, headless: opens a record
-- file of a fixture repository, waits for the diagnostics the server publishes for it,
-- fixes the file in the buffer and waits for them to go, then writes what it received as
-- JSON and quits. Driven by tests/editors.rs:
--   GRCLINT=… GRCLINT_ROOT=… GRCLINT_FILE=… GRCLINT_TODAY_ARG=… GRCLINT_OUT=… \
--   nvim --headless --clean -c "luafile tests/clients/nvim-lsp.lua"
local env = vim.env
local path = env.GRCLINT_ROOT .. '/' .. env.GRCLINT_FILE
local out = { nvim = vim.version(), steps = {} }
local published = {}

local function finish()
  local f = assert(io.open(env.GRCLINT_OUT, 'w'))
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)

local id = vim.lsp.start_client({
  name = 'grclint',
  cmd = { env.GRCLINT, 'lsp', '--today', env.GRCLINT_TODAY_ARG },
  root_dir = env.GRCLINT_ROOT,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result.uri == uri then
        table.insert(published, result.diagnostics)
      end
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not id then
  out.error = 'the client did not start'
  finish()
end
vim.lsp.buf_attach_client(buf, id)

-- What the editor shows: vim.diagnostic's view of the buffer.
local function shown()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message,
      code = (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code })
  end
  return list
end

local function wait_for(test)
  return vim.wait(30000, test, 50)
end

-- 1. On open: the file's findings.
local ok = wait_for(function() return #published > 0 and #published[#published] > 0 end)
table.insert(out.steps, { ok = ok, published = published[#published], shown = shown() })

-- 2. A change in the buffer that fixes them: an empty list arrives.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
for i, l in ipairs(lines) do
  local s, e = l:find(env.GRCLINT_TYPO, 1, true)
  if s then
    lines[i] = l:sub(1, s - 1) .. env.GRCLINT_FIXED .. l:sub(e + 1)
  end
end
local before = #published
vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
ok = wait_for(function() return #published > before and #published[#published] == 0 end)
table.insert(out.steps, { ok = ok, published = published[#published], shown = shown() })

vim.lsp.stop_client(id)
finish()
