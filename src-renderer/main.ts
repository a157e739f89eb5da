import './zodConfig'
// Base styles first, so each component's own rules come after them and win ties.
import './styles/base.css'
import { createApp } from 'vue'
import App from './App.vue'

createApp(App).mount('#app')
