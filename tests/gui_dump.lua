-- SPDX-License-Identifier: GPL-2.0-or-later
-- Loaded into the Qt GUI by tests/frontends.py (wireshark -X lua_script:...): after
-- every dissection, writes what the plugin put in the tree to $ENCDNS_GUI_DUMP, one
-- block per dissection: "frame N", then "field<TAB>value" per item, then "end".
-- It declares no field of interest, so it changes nothing about which dissections
-- build a tree: it sees what the GUI's own dissections hold.

local out = assert(io.open(os.getenv("ENCDNS_GUI_DUMP"), "a"))
local dump = Proto("encdns_gui_dump", "encdns GUI test dump")

local function ours(name)
    return name == "encdns" or name:sub(1, 7) == "encdns." or name == "isakmp.cfg.attr"
        or name == "isakmp.cfg.attr.type"
end

function dump.dissector(tvb, pinfo, tree)
    local lines = {}
    for _, fi in ipairs({ all_field_infos() }) do
        if not fi.hidden and ours(fi.name) then
            lines[#lines + 1] = fi.name .. "\t" .. tostring(fi.display)
        end
    end
    out:write("frame ", pinfo.number, "\n", table.concat(lines, "\n"), #lines > 0 and "\n" or "", "end\n")
    out:flush()
end

register_postdissector(dump)
