"""The table: the one driver of a game (seats, versions, bots, deadlines, pause, undo, journal).

    from game.table import Table, HUMAN
    table = Table.open(scenario, seed=7, seats={"us": HUMAN}, journal="game.jsonl")
    view = table.view("us")
    table.submit("us", action, view.version)
    table.run_bots()
"""

from game.table.bots import MOVE_LIMIT, AgentFailed
from game.table.journal import JournalError, JournalLocked, read_journal
from game.table.table import (
    FACILITATOR,
    HUMAN,
    IllegalMove,
    Move,
    OutOfTurn,
    Receipt,
    StaleVersion,
    Table,
    TableRefusal,
    UnknownSeat,
    UnverifiedSave,
    Update,
    WrongSeat,
)

__all__ = ["FACILITATOR", "HUMAN", "MOVE_LIMIT", "AgentFailed", "IllegalMove", "JournalError",
           "JournalLocked", "Move", "OutOfTurn", "Receipt", "StaleVersion", "Table",
           "TableRefusal", "UnknownSeat", "UnverifiedSave", "Update", "WrongSeat",
           "read_journal"]
