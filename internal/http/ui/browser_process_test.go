package ui_test

import (
	"context"
	"os"
	"sync"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/store/storetest"
)

// chromium is one Chromium process for all the package's browser tests:
// starting one costs a second or more of CPU on the CI machine's two
// cores, a browser context per test (newBrowser) milliseconds.
var chromium struct {
	once sync.Once
	ctx  context.Context // the browser's
	err  error
}

// sharedChromium starts Chromium the first time a test asks for it and
// stops it when the package's tests are done (storetest.AtExit).
func sharedChromium(exe string) (context.Context, error) {
	chromium.once.Do(func() {
		dir, err := os.MkdirTemp("", "civicgrid-chromium-")
		if err != nil {
			chromium.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("lang", "zh-CN"),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(desktopW, desktopH),
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		storetest.AtExit(func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(dir)
		})
		// The first Run starts the process; its context (not a test's)
		// is the browser's lifetime.
		if chromium.err = chromedp.Do(ctx); chromium.err == nil {
			chromium.ctx = ctx
		}
	})
	return chromium.ctx, chromium.err
}
