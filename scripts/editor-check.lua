-- The editor test of `pilotlint server` (scripts/editor-check.sh runs it):
-- Neovim 0.7's own LSP client, headless, on a copy of the workspace
-- tests/fixtures/server/workspace. It opens a report with a planted finding
-- and checks its line, column, code and message as Neovim shows them; edits
-- the buffer to fix it and sees the diagnostic go; breaks a rule file in
-- the buffer and sees the did-you-mean; formats a rule file and compares
-- it with what `pilotlint fmt` wrote. Written for the 0.7 API
-- (`vim.lsp.start_client`, `formatting_sync`), which 0.8 and later keep.

local bin = os.getenv('PILOTLINT')
local root = os.getenv('WORKSPACE')
local expected_format = os.getenv('EXPECTED_FORMAT')
local passed, failed = 0, 0

local function check(cond, what, detail)
  if cond then
    passed = passed + 1
    io.stdout:write('ok      ' .. what .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAILED  ' .. what .. (detail and (': ' .. detail) or '') .. '\n')
  end
end

local function wait(what, cond)
  local done = vim.wait(20000, cond, 20)
  if not done then
    check(false, what, 'not within 20 s')
  end
  return done
end

local client_id

local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local function diagnostics(buf)
  return vim.diagnostic.get(buf)
end

local function find(list, code)
  for _, d in ipairs(list) do
    if d.code == code then
      return d
    end
  end
end

local function run()
  client_id = vim.lsp.start_client({
    name = 'pilotlint',
    cmd = { bin, 'server' },
    root_dir = root,
  })
  check(client_id ~= nil, 'the server starts')

  -- A report with a planted finding (PLN001) after Chinese text.
  local report = open('reports/hefei.yaml')
  if wait('diagnostics of the report', function() return find(diagnostics(report), 'PLN001') ~= nil end) then
    local d = find(diagnostics(report), 'PLN001')
    local line = vim.api.nvim_buf_get_lines(report, 3, 4, false)[1]
    -- Neovim turns the server's UTF-16 column into a byte column: `false`
    -- starts at byte 91 of the line (each Chinese character is three
    -- bytes, U+20BB7 four), which only a right UTF-16 count gives.
    check(d.lnum == 3, 'the finding is on line 4', tostring(d.lnum))
    check(d.col == 91 and line:sub(d.col + 1, d.end_col) == 'false',
      'the finding underlines `false`', d.col .. '..' .. d.end_col)
    check(d.severity == vim.diagnostic.severity.ERROR, 'it is an error')
    check(d.message == 'the implementation plan is not approved', 'its message', d.message)
    check(d.source == 'pilotlint', 'its source')
  end

  -- Fix it in the buffer, unsaved: the diagnostic goes.
  local line = vim.api.nvim_buf_get_lines(report, 3, 4, false)[1]
  local fixed = line:gsub('approved: false', 'approved: true')
  vim.api.nvim_buf_set_lines(report, 3, 4, false, { fixed })
  if wait('the fixed finding goes', function() return find(diagnostics(report), 'PLN001') == nil end) then
    check(find(diagnostics(report), 'PLN002') ~= nil, 'the other finding stays')
  end

  -- A typo in a rule file, unsaved: the did-you-mean.
  local rules = open('rules/plan.rules')
  local lines = vim.api.nvim_buf_get_lines(rules, 0, -1, false)
  for i, l in ipairs(lines) do
    if l:find('exists(m.status)', 1, true) then
      local typo = l:gsub('exists%(', 'exist(')
      vim.api.nvim_buf_set_lines(rules, i - 1, i, false, { typo })
      break
    end
  end
  if wait('the rule error', function() return #diagnostics(rules) > 0 end) then
    local d = diagnostics(rules)[1]
    check(d.message:find('did you mean `exists`?', 1, true) ~= nil, 'the did-you-mean', d.message)
    check(d.code == 'rule-check', 'its code', tostring(d.code))
  end

  -- Format a rule file and compare with `pilotlint fmt`.
  local scratch = open('rules/scratch.rules')
  vim.api.nvim_buf_set_lines(scratch, 0, -1, false, {
    'rule   X1 "x" {require   count(measures)>0 # why',
    '    require exists( submitted ) }',
  })
  vim.lsp.buf.formatting_sync(nil, 10000)
  local got = table.concat(vim.api.nvim_buf_get_lines(scratch, 0, -1, false), '\n') .. '\n'
  local want = table.concat(vim.fn.readfile(expected_format), '\n') .. '\n'
  check(got == want, 'formatting gives what pilotlint fmt writes', got)

  -- Hover on a function of the rule file: its row of grammar.md.
  vim.api.nvim_win_set_cursor(0, { 2, 13 })
  local hover = vim.lsp.buf_request_sync(scratch, 'textDocument/hover',
    vim.lsp.util.make_position_params(), 10000)
  local text = hover and hover[client_id] and hover[client_id].result
    and hover[client_id].result.contents.value or ''
  check(text:find('`count(list)`: the number of elements', 1, true) ~= nil, 'hover on `count`', text)

  vim.lsp.stop_client(client_id)
  wait('the server stops', function() return vim.lsp.get_client_by_id(client_id) == nil end)
end

local ok, err = pcall(run)
if not ok then
  check(false, 'the test ran to its end', tostring(err))
end
io.stdout:write(passed .. ' passed, ' .. failed .. ' failed\n')
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
