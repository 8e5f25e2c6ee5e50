"""An error in any widget's handler goes to the desk's report instead of ending that widget's message loop."""

from asyncio import CancelledError

from textual.message_pump import MessagePump

_GUARDED_NAME = "keep_message_loops_alive.<locals>.guarded"


def keep_message_loops_alive() -> None:
    """Hand an error raised in any widget's handler to the app instead of letting it end that widget's message loop."""
    # Textual reports such an error and then stops the widget's (or the app's own) loop, which would leave the desk
    # frozen; the desk's handler reports it and the loop goes on with the next message. One of the two places the
    # desk patches Textual, with tui/key_order.py.
    dispatch = MessagePump._dispatch_message
    if dispatch.__qualname__ == _GUARDED_NAME:
        return

    async def guarded(pump: MessagePump, message) -> None:
        try:
            await dispatch(pump, message)
        except CancelledError:
            raise
        except Exception as error:
            try:
                app = pump.app
            except Exception:  # noqa: BLE001 - a pump outside any app re-raises the original error
                raise error from None
            # Only the desk reports errors this way; any other app (a test's plain one) keeps Textual's behaviour.
            report = getattr(app, "report_unexpected", None)
            if report is None:
                raise
            report(error)

    MessagePump._dispatch_message = guarded  # type: ignore[method-assign, assignment]
