"""Keys typed at once (a terminal such as tmux or ssh hands several over in one read) act in
turn, as if the registrar had waited after each: a key that opens, saves or closes a form is
done, and the form it opens is on screen with its cursor placed, before the next key is taken.

Textual hands each key to the widget with the cursor and takes the next at once; a key the
widget does not use travels up to the screen and the app, through their queues, and only
there runs its binding. By then the keys behind it had gone to the old screen: `e` Tab Tab
1924 opened the edit form and lost the rest (or ran the record screen's keys), and Ctrl+S j j
typed jj over the name before the save wrote it."""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

# A key whose turn never ends (its widget removed with the token behind it) must not hold
# the keyboard: the keys held are let go after this long.
GIVE_UP_SECONDS = 1.0


class KeyDone(Message):
    """Sent behind a key along the same way up: it reaches the app once the key has been
    used by a widget or has run its binding."""


class ScreenReady:
    """What the app waits for once a key has changed the screen: the new screen mounted, its
    cursor placed and its first refresh done."""


class KeysInTurn(App[None]):
    """An app that takes a key only once the one before it has done its work."""

    def __init__(self) -> None:
        super().__init__()
        self.held: deque[events.Key] = deque()
        self.waiting_for: KeyDone | ScreenReady | None = None
        self.screen_of_key: Screen[object] | None = None
        self.give_up: Timer | None = None

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self.screen_changed, immediate=True)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.waiting_for is None:
                await self.take(event)
            else:
                self.hold(event)
            return
        await super().on_event(event)

    async def take(self, key: events.Key) -> None:
        self.screen_of_key = self.screen
        target = self.focused or self.screen
        await super().on_event(key)
        if self.screen is not self.screen_of_key:
            self.wait_for_screen()
        elif key.is_forwarded and not (isinstance(target, Input) and key.is_printable):
            # A character typed in a text box is the box's own: the next can follow at once.
            self.waiting_for = KeyDone()
            target.post_message(self.waiting_for)

    def hold(self, key: events.Key) -> None:
        self.held.append(key)
        if self.give_up is None:
            self.give_up = self.set_timer(GIVE_UP_SECONDS, self.let_go)

    def on_key_done(self, message: KeyDone) -> None:
        if message is not self.waiting_for:
            return  # a token overtaken by a change of screen
        if self.screen is not self.screen_of_key:
            self.wait_for_screen()
        else:
            self.call_later(self.let_go)

    def screen_changed(self, screen: Screen[object]) -> None:
        # The token may be lost with the screen it was travelling through.
        if isinstance(self.waiting_for, KeyDone):
            self.wait_for_screen()

    def wait_for_screen(self) -> None:
        ready = self.waiting_for = ScreenReady()
        # The screen takes this after its mount; its refresh comes after the callbacks its
        # mount asked for (the form's starting values), and the app's queue then holds the
        # cursor's move before the keys are let go.
        self.screen.call_after_refresh(self.call_later, self.screen_ready, ready)

    async def screen_ready(self, ready: ScreenReady) -> None:
        if ready is self.waiting_for:
            await self.let_go()

    async def let_go(self) -> None:
        """Take the keys held, in order, until one of them has work to finish first."""
        self.waiting_for = None
        if self.give_up is not None:
            self.give_up.stop()
            self.give_up = None
        while self.held and self.waiting_for is None:
            await self.take(self.held.popleft())
        if self.held:
            self.give_up = self.set_timer(GIVE_UP_SECONDS, self.let_go)

    def drop_keys_typed_ahead(self) -> None:
        """Forget the keys typed behind the one being done: a form that refused a save keeps
        the registrar's next keys out of the field the cursor was in."""
        self.held.clear()
