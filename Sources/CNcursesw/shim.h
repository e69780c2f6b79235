#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// Declare the wide-character API (cchar_t, wget_wch, setcchar) before the header is read;
// without it only the narrow API is imported.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>

// Swift cannot see function-like macros, NCURSES_BITS expressions or (under Swift 6 strict
// concurrency) mutable C globals such as stdscr and LINES; re-export what the backend needs.
static const attr_t cn_attr_normal = A_NORMAL;
static const attr_t cn_attr_bold = A_BOLD;
static const attr_t cn_attr_dim = A_DIM;
static const attr_t cn_attr_reverse = A_REVERSE;
static const attr_t cn_attr_underline = A_UNDERLINE;

static const mmask_t cn_button1_pressed = BUTTON1_PRESSED;
static const mmask_t cn_button1_clicked = BUTTON1_CLICKED;

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_colors(void) { return COLORS; }

// Unlike initscr(), returns NULL instead of exiting when TERM is unusable.
static inline SCREEN *cn_newterm(void) { return newterm(NULL, stdout, stdin); }

// Whether the terminal can move the cursor; newterm accepts types such as "dumb" that cannot.
static inline bool cn_has_cursor_motion(void) {
  const char *cup = tigetstr("cup");
  return cup != NULL && cup != (const char *)-1;
}

#endif
