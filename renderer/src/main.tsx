import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { z } from 'zod'
import '../../resources/fonts/fonts.css'
import './styles.css'
import { App } from './App'

// Client-side checks use the same shared schemas as main, with Vietnamese messages.
z.config(z.locales.vi())

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
