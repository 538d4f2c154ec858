-- Opens a batch file in headless Neovim with Batch Studio's server attached, waits for the
-- server's diagnostics and writes what Neovim received as JSON. Args via environment:
-- BATCH_STUDIO_SERVER (server.js), BATCH_STUDIO_FILE (file to open), BATCH_STUDIO_OUT (result).
local server = os.getenv('BATCH_STUDIO_SERVER')
local file = os.getenv('BATCH_STUDIO_FILE')
local out = os.getenv('BATCH_STUDIO_OUT')

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'batch-studio',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(buf, client)

local received = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local result = { received = received, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, {
    line = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
    code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message,
  })
end
local handle = io.open(out, 'w')
handle:write(vim.fn.json_encode(result))
handle:close()
vim.lsp.stop_client(client, true)
vim.cmd('qa!')
